"""A batch's results per report, written once and loaded by the pages: one read and audit per input.

`govkit batch` reads and audits each input in a worker; the agency page and the overview load what
it found from `<page>/report/` (cells, notes, findings as Parquet; meta and the narrative sections
as JSON) instead of reading and auditing the file again. The loaded Report has no `text`: its
`sections` are the narrative ones (一, 五, 六) that copied-text detection needs; everything the
pages show comes from meta, cells, notes and the findings.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from govkit.errors import InputError
from govkit.export import atomic_file
from govkit.frames import STR
from govkit.report import Report, ReportMeta

_FILES = ("cells", "notes", "findings")


def results_dir(out: Path, page: str) -> Path:
    """Where a batch keeps one page's report results: beside the page's charts."""
    return out / page / "report"


def write_results(
    folder: str | Path, report: Report, findings: pd.DataFrame, sections: dict[str, str]
) -> None:
    """One report's results, each file written atomically; meta.json last (its presence: complete)."""
    folder = Path(folder)
    for name, frame in zip(_FILES, (report.cells, report.notes, findings), strict=True):
        with atomic_file(folder / f"{name}.parquet") as tmp:
            frame.to_parquet(tmp, index=False)
    doc = {"meta": asdict(report.meta), "sections": sections}
    with atomic_file(folder / "meta.json") as tmp:
        tmp.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def load_results(folder: str | Path) -> tuple[Report, pd.DataFrame]:
    """A report and its findings as the batch wrote them: nothing is read or audited again."""
    folder = Path(folder)
    try:
        doc = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        cells, notes, findings = (_read(folder / f"{n}.parquet") for n in _FILES)
    except (OSError, ValueError) as exc:
        raise InputError(
            f"批量审核结果不完整或无法读取：{exc}",
            f"the batch results cannot be read: {exc}",
            source=str(folder),
        ) from exc
    findings["cells"] = findings["cells"].map(list)  # Parquet gives arrays back
    report = Report(ReportMeta(**doc["meta"]), cells, notes)
    report.__dict__["sections"] = doc["sections"]  # the cached property, filled from the file
    return report, findings


def _read(path: Path) -> pd.DataFrame:
    """A frame as govkit builds it: its "str" columns with Python storage (govkit.frames)."""
    df = pd.read_parquet(path)
    return df.astype({c: STR for c, t in df.dtypes.items() if isinstance(t, pd.StringDtype)})


def load_many(folders: list) -> tuple[list[Report], pd.DataFrame]:
    """Many reports' results, and their findings stacked as govkit.audit gives them (the rules
    across reports run on the loaded reports; no report is audited again)."""
    from govkit.audit import audit

    loaded = [load_results(f) for f in folders]
    reports = [r for r, _ in loaded]
    return reports, audit(reports, findings=[f for _, f in loaded])
