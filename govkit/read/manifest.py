"""Manifests: a table of report files with what is known about each (agency, year, region, level).

A manifest row overrides what a report says about itself: agencies often title reports with a
short name (上海市科委) or a wrong year, and region/level are never printed. One reader serves the
CLI, the batch, read_reports and the overview notebook, so a manifest means the same everywhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from govkit.errors import InputError
from govkit.read.inputs import resolve_all
from govkit.templates import versions

FIELDS = ("agency", "year", "region", "level", "template", "published", "kind", "parent")
"""Columns taken from a manifest; others (notes, format, …) describe the file and are left alone."""
PATH_COLUMNS = ("path", "file")  # ../shared/corpus/MANIFEST.tsv says file


def read_manifest(
    source: str | os.PathLike[str] | pd.DataFrame | None,
) -> dict[Path, dict[str, str]]:
    """Resolved file path -> the manifest's non-empty fields for it.

    A CSV or a TSV (tab in the header line) file, or a DataFrame. Relative paths are relative to
    the manifest's folder (to the working directory for a DataFrame). A template other than 2019
    or 2021 (the corpus manifest says pre2019) is not an override: the reader's own detection then
    names the file as unsupported.
    """
    if source is None or (not isinstance(source, pd.DataFrame) and not str(source)):
        return {}
    if isinstance(source, pd.DataFrame):
        df, base, name = source.astype(str), Path.cwd(), "<manifest>"
    else:
        path = Path(source)
        name = str(path)
        try:
            head = path.read_text(encoding="utf-8-sig").split("\n", 1)[0]
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(
                "无法读取清单文件", f"cannot read the manifest: {exc}", source=name
            ) from exc
        sep = "\t" if "\t" in head else ","
        df = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        base = path.resolve().parent
    col = next((c for c in PATH_COLUMNS if c in df.columns), None)
    if col is None:
        raise InputError(
            "清单缺少 path 列（或 file 列）",
            "the manifest has no 'path' (or 'file') column",
            source=name,
        )
    rows = df.to_dict("records")
    paths = resolve_all((base / p) for p in (Path(rec[col]) for rec in rows))
    out: dict[Path, dict[str, str]] = {}
    for path, rec in zip(paths, rows, strict=True):
        over = {
            k: v.strip()
            for k in FIELDS
            if isinstance(v := rec.get(k), str) and v.strip() not in ("", "nan", "None")
        }
        if over.get("template", versions()[0]).removesuffix(".0") not in versions():
            del over["template"]
        out[path] = over
    return out
