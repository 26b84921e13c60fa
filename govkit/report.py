"""Report and ReportMeta, and the functions that make them from files or text."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import pandas as pd

from govkit import frames, limits
from govkit.errors import InputError
from govkit.io import MAX_BYTES, MAX_PAGES, Document, Source, load, parse_document
from govkit.io.sniff import no_tables_error
from govkit.read.inputs import Sources, list_inputs
from govkit.read.prose import extract_facts, split_sections
from govkit.templates import TABLES, col_order, row_order, template_for_year, versions
from govkit.templates.match import detect_version, has_tables, match
from govkit.templates.values import CELL_FIELDS

CELL_COLUMNS = list(CELL_FIELDS)
NOTE_COLUMNS = ["table", "row", "message", "message_en", "source_ref"]
_NO_NOTES = frames.frame({c: [] for c in NOTE_COLUMNS})


@dataclass(frozen=True)
class ReportMeta:
    agency: str | None
    year: int | None
    template: str
    source: str
    format: str
    encoding: str = ""
    period_year: int | None = None  # from 统计期限 in the opening paragraph
    title: str | None = None
    published: str | None = None
    published_source: str = ""  # evidence for `published`: manifest | crawler | html | text | pdf
    region: str | None = None
    level: str | None = None
    kind: str | None = None  # 本级政府 or 部门 (a manifest's kind column), for the deadline rule
    parent: str | None = None  # the agency this one belongs to (a manifest's parent column)


@dataclass(frozen=True, eq=False)
class Report:
    """One report: `cells` is the tidy truth; the wide views and sections are derived for people."""

    meta: ReportMeta
    cells: pd.DataFrame
    notes: pd.DataFrame = field(repr=False)
    text: str = field(repr=False, default="")

    @cached_property
    def sections(self) -> dict[str, str]:
        """The prose under each of the six standard headings; split on first use, not at read."""
        return split_sections(self.text)

    def view(self, table: str) -> pd.DataFrame:
        """A table in the template's layout: rows × columns of values (NaN where blank or text)."""
        sub = self.cells[self.cells["table"] == table]
        wide = sub.pivot(index="row", columns="col", values="value")
        rows = [r for r in row_order(table) if r in wide.index]
        cols = [c for c in col_order(table) if c in wide.columns]
        wide = wide.loc[rows, cols]
        wide.index.name, wide.columns.name = None, None
        return wide

    @cached_property
    def requests(self) -> pd.DataFrame:
        return self.view("requests")

    @cached_property
    def review_litigation(self) -> pd.DataFrame:
        return self.view("review_litigation")

    @cached_property
    def active(self) -> pd.DataFrame:
        return self.view("active")

    def audit(self) -> pd.DataFrame:
        from govkit.audit import audit_report

        return audit_report(self)

    def __repr__(self) -> str:
        m = self.meta
        return (
            f"<Report {m.agency} {m.year} template={m.template} {m.format} cells={len(self.cells)}>"
        )


def read_report(
    source: Source,
    *,
    meta: Mapping[str, object] | None = None,
    max_bytes: int = MAX_BYTES,
    max_pages: int = MAX_PAGES,
    time_budget: float | None = None,
) -> Report:
    """Read one report file (web text, HTML, markdown, Word .docx, text PDF) into a Report.

    `meta` overrides what the report says about itself (e.g. a manifest row: agency, year, region).
    max_bytes and max_pages cap the file size and a PDF's page count, time_budget the seconds
    reading may take (None: govkit.limits.TIME_BUDGET; 0: none) — untrusted input.
    """
    name = str(source) if isinstance(source, (str, os.PathLike)) else ""
    with limits.time_budget(time_budget, name):
        return _build(load(source, max_bytes=max_bytes, max_pages=max_pages), meta)


def parse_report(
    text: str,
    *,
    source: str = "<text>",
    meta: Mapping[str, object] | None = None,
    time_budget: float | None = None,
) -> Report:
    """Like read_report, for report text already in memory."""
    with limits.time_budget(time_budget, source):
        return _build(parse_document(text, source=source), meta)


def _build(doc: Document, overrides: Mapping[str, object] | None) -> Report:
    text = doc.text
    facts = extract_facts(text, doc.squeezed)
    over = dict(overrides or {})
    if "year" in over:  # a manifest's 2020.0 (a CSV column with blanks) or "2020年"
        over["year"] = _override_year(over["year"], doc.source)
    if "template" in over:
        over["template"] = _override_template(over["template"], doc.source)
    year = over.get("year", facts.year)
    if not has_tables(doc):
        raise no_tables_error(doc, year)  # an error page, a truncated file: named as such
    version = over.get("template") or detect_version(doc)
    if version is None:
        version = template_for_year(year).version
    m = match(doc, str(version))
    cells = frames.frame(m.cells, numeric=("value",))
    found = [(n.table, n.row, n.zh, n.en, n.ref) for n in m.notes]
    found += [("", "", f"读取时略去：{x}", f"dropped while reading: {x}", "") for x in doc.dropped]
    # most reports have no notes: copying an empty frame is ten times cheaper than building one
    notes = (
        frames.frame({c: [f[i] for f in found] for i, c in enumerate(NOTE_COLUMNS)})
        if found
        else _NO_NOTES.copy()
    )
    meta = ReportMeta(
        agency=facts.agency,
        year=facts.year,
        template=str(version),
        source=doc.source,
        format=doc.format,
        encoding=doc.encoding,
        period_year=facts.period_year,
        title=facts.title,
        published=facts.published or doc.published or None,
        published_source=("crawler" if doc.flat else "text")
        if facts.published
        else doc.published_source,
    )
    known = {
        k: v for k, v in over.items() if k in ReportMeta.__dataclass_fields__ and v is not None
    }
    if "year" in known:
        known["year"] = int(known["year"])
    if "published" in known:
        known["published_source"] = "manifest"
    meta = replace(meta, **known)
    return Report(meta, cells, notes, text)


def _override_template(value: object, source: str) -> str | None:
    """A template given in meta= or a manifest: 2021, "2021" or 2021.0; anything else is refused."""
    if value is None or value == "":
        return None
    name = str(value).removesuffix(".0")
    if name not in versions():
        raise InputError(
            f"指定的模板版本“{value}”不是 {' 或 '.join(versions())}（meta 参数或清单的 template 列）",
            f"template {value!r} given in meta= or the manifest is not {' or '.join(versions())}",
            source=source,
        )
    return name


def _override_year(value: object, source: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(float(str(value).strip().removesuffix("年度").removesuffix("年")))
    except ValueError:
        raise InputError(
            f"指定的年度“{value}”不是年份（meta 参数或清单的 year 列）",
            f"year {value!r} given in meta= or the manifest is not a year",
            source=source,
        ) from None


def expand_sources(
    sources: Sources, *, exclude: Iterable[str | os.PathLike[str]] = ()
) -> list[Path]:
    """Every input file of folders, glob patterns and paths, in a stable order (see govkit.read.inputs:
    all non-hidden files, whatever their names; govkit's own outputs and `exclude` left out)."""
    return list_inputs(sources, exclude=exclude)


def read_reports(
    sources: Sources,
    *,
    manifest: str | os.PathLike[str] | pd.DataFrame | None = None,
    keep_duplicates: bool = False,
    jobs: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read many reports into one long cells table plus every input that gave no cells, with why.

    `manifest` (CSV/TSV file or DataFrame: path, agency, year, region, level) overrides what the
    reports say about themselves; see govkit.read.manifest. A manifest file inside a source folder is
    not an input. Each file is read in a worker process (`jobs`, default every core), so a file that
    hangs a reader is stopped at the time budget and fails alone (govkit.run.many.read_many).

    Returns (cells, failures). cells carries agency, year, template, source columns; failures has
    source, stage (list | read | audit | dedupe), error (class name), message and status: `failed` (a
    report or file that could not be read), `not_report` (an image, a README …: what it is) or
    `duplicate` (the same report as another input, whose cells are kept once; keep_duplicates=True
    keeps both). Nothing is skipped silently.
    """
    reports, failures = read_inputs(
        sources, manifest=manifest, keep_duplicates=keep_duplicates, jobs=jobs
    )
    parts = [stack_cells(r) for r in reports]
    cells = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=[*_STACK_COLS, *CELL_COLUMNS])
    )
    return cells, failures


def read_inputs(
    sources: Sources,
    *,
    manifest: str | os.PathLike[str] | pd.DataFrame | None = None,
    keep_duplicates: bool = False,
    exclude: Iterable[str | os.PathLike[str]] = (),
    jobs: int | None = None,
) -> tuple[list[Report], pd.DataFrame]:
    """The distinct reports among the inputs (with their text), and every other input with its
    status and why (the `failures` of read_reports)."""
    from govkit.run.many import read_many

    many = read_many(
        sources, manifest=manifest, exclude=exclude, jobs=jobs, keep_duplicates=keep_duplicates
    )
    return many.reports, many.failures


_STACK_COLS = ["agency", "year", "template", "source"]


def stack_cells(rep: Report) -> pd.DataFrame:
    """A report's cells with agency/year/template/source in front, ready to concat with others."""
    m = rep.meta
    return rep.cells.assign(agency=m.agency, year=m.year, template=m.template, source=m.source)[
        [*_STACK_COLS, *CELL_COLUMNS]
    ]


__all__ = [
    "TABLES",
    "Report",
    "ReportMeta",
    "parse_report",
    "read_report",
    "read_reports",
    "stack_cells",
]
