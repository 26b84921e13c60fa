"""Dump what govkit reads and finds in every bundled report, to compare before and after a refactor.

    .venv/bin/python tools/snapshot.py OUT_DIR      # write one .txt per report
    diff -r OUT_BEFORE OUT_AFTER                    # must be empty when behaviour is unchanged

Reads every file in ../shared/corpus (when present), data/ and tests/fixtures/ (skipping what raises
UnsupportedTemplate, the expected answer for pre-2019 reports, and recording any other GovkitError as its
message), and writes cells, notes, meta and findings sorted, so the dump is deterministic.
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

import pandas as pd

import govkit
from govkit.errors import GovkitError, UnsupportedTemplate

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = [
    ROOT.parent / "shared" / "corpus",
    ROOT / "data",
    ROOT / "tests" / "fixtures",
    ROOT / "tests" / "fixtures" / "fuzz",
]
SKIP = {"README.md", "MANIFEST.tsv", "make_fixtures.py"}


def _frame(df: pd.DataFrame) -> str:
    if df.empty:
        return f"(empty: {list(df.columns)})"
    df = df.astype(str)
    return df.sort_values(list(df.columns)).to_csv(index=False)


def dump(path: Path) -> str:
    try:
        report = govkit.read_report(path)
    except UnsupportedTemplate:
        return "UnsupportedTemplate\n"
    except GovkitError as e:
        return f"{type(e).__name__}: {e}\n"
    findings = report.audit()
    return "\n".join(
        [
            "## meta",
            repr(sorted(asdict(report.meta).items())),
            "## cells",
            _frame(report.cells),
            "## notes",
            _frame(report.notes),
            "## findings",
            _frame(findings),
        ]
    )


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for folder in FOLDERS:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.iterdir() if p.is_file() and p.name not in SKIP):
            name = f"{folder.name}__{path.name}.txt"
            (out / name).write_text(dump(path), encoding="utf-8")
            count += 1
    print(f"{count} files dumped to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
