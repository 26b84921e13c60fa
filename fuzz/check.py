"""The invariants every input must keep, whatever it is; used by tests/integration/test_fuzz.py and fuzz/run.py.

(a) Nothing but a GovkitError leaves read_report / parse_report / Report.audit().
(b) Every cell either matches the source's text or is NaN with its raw text kept:
    - an ok, segmented or inferred cell's `value` is exactly `parse_number(raw)` (NaN when raw is
      not a number): numbers are read, never repaired; ambiguous and missing cells are NaN (an
      ambiguous cell's raw is the whole undecided run, which may well parse as one number);
    - `raw` (for an ambiguous run, each ` | `-separated part of it) occurs in the report text
      the reader produced, compared after `norm()` and with all white space removed;
    - the cells of a row split from one digit run (status segmented or inferred), joined in
      column order, occur in that text too: the run was cut, not rewritten (a leading `+` is
      dropped by the segmenter, so `+` is ignored on both sides for this check);
    - missing and collapsed cells have an empty raw and no value; the table has the template's
      cells once each, plus the printed row of a collapsed group (under the group's path).
(c) No hang: `deadline()` turns a wall-clock limit into `Hang`.
(d) Each cell its own text (`own_cell_problems`, for inputs whose cells' visible text is known:
    fuzz/variants.py): a cell read as a number holds the number its own cell shows, a cell showing
    no single number is NaN, a cell showing something is not read blank.
"""

from __future__ import annotations

import math
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager

import govkit
from govkit.report import CELL_COLUMNS
from govkit.templates import get_template
from govkit.textnorm import norm, parse_number

STATUSES = {"ok", "segmented", "inferred", "ambiguous", "missing", "collapsed"}
FINDING_COLUMNS = {"rule", "severity", "table", "row", "col", "message"}
_WS = re.compile(r"\s+")


class CellMismatch(AssertionError):
    """A cell that does not come from the source text, or whose value is not its raw text's."""


class Hang(Exception):
    """The per-input wall-clock limit ran out."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise Hang in the main thread after `seconds` (SIGALRM; a no-op where that is missing)."""
    if not hasattr(signal, "setitimer") or seconds <= 0:
        yield
        return

    def ring(signum, frame):
        raise Hang(f"no result after {seconds} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def squeeze(text: str) -> str:
    return _WS.sub("", norm(text))


def check_input(data: bytes, *, audit: bool = True, as_text: bool = False) -> str:
    """Run govkit on one input and check every invariant; returns the outcome's name.

    Outcomes are 'read' or the GovkitError class name. Any other exception propagates (that is
    invariant (a) failing), and CellMismatch is raised for (b).
    """
    try:
        if as_text:
            rep = govkit.parse_report(data.decode("utf-8", errors="replace"), source="<fuzz>")
        else:
            rep = govkit.read_report(data)
    except govkit.GovkitError as exc:
        return type(exc).__name__
    check_cells(rep)
    if audit:
        try:
            findings = rep.audit()
        except govkit.GovkitError as exc:
            return "audit:" + type(exc).__name__
        missing = FINDING_COLUMNS - set(findings.columns)
        if missing:
            raise CellMismatch(f"audit result lacks columns {sorted(missing)}")
    return "read"


def check_cells(rep: govkit.Report) -> None:
    """Invariant (b) for every cell of one report (see the module docstring)."""
    cells = rep.cells
    if list(cells.columns) != CELL_COLUMNS:
        raise CellMismatch(f"cells columns {list(cells.columns)}")
    skeleton = get_template(rep.meta.template).skeleton
    keys = list(zip(cells["table"], cells["row"], cells["col"], strict=True))
    if len(set(keys)) != len(keys) or not set(skeleton) <= set(keys):
        raise CellMismatch(f"{len(cells)} cells, not the template's {len(skeleton)} once each")
    # a group printed as one row (CONTRACTS, status collapsed): its cells sit under the group's path
    groups = {
        (t, r.rsplit("/", 1)[0])
        for t, r, s in zip(cells["table"], cells["row"], cells["status"], strict=True)
        if s == "collapsed"
    }
    extra = [k for k in set(keys) - set(skeleton) if k[:2] not in groups]
    if extra:
        raise CellMismatch(
            f"cells outside the template and no collapsed group: {sorted(extra)[:3]}"
        )
    source = squeeze(rep.text)
    runs: dict[tuple[str, str], list[str]] = {}
    for c in cells.itertuples(index=False):
        where = f"{c.table}|{c.row}|{c.col} status={c.status} raw={c.raw!r} value={c.value!r}"
        _check_cell(c, source, where)
        if c.status in ("segmented", "inferred"):
            runs.setdefault((c.table, c.row), []).append(c.raw)
    plain = source.replace("+", "")
    for (table, row), raws in runs.items():
        joined = squeeze("".join(raws)).replace("+", "")
        if joined not in plain:
            raise CellMismatch(f"{table}|{row}: split cells {raws} are not a run of the source")


def _check_cell(c, source: str, where: str) -> None:
    if c.status not in STATUSES:
        raise CellMismatch(f"unknown status: {where}")
    if not isinstance(c.raw, str):
        raise CellMismatch(f"raw is not text: {where}")
    value = float(c.value)
    if c.status in ("ambiguous", "missing") and not math.isnan(value):
        raise CellMismatch(f"{c.status} cell has a value: {where}")
    if c.status in ("missing", "collapsed") and (c.raw or not math.isnan(value)):
        raise CellMismatch(f"{c.status} cell has raw text or a value: {where}")
    want = math.nan if c.status in ("ambiguous", "missing", "collapsed") else parse_number(c.raw)[0]
    if not (math.isnan(want) and math.isnan(value)) and want != value:
        raise CellMismatch(f"value is not parse_number(raw) = {want!r}: {where}")
    parts = c.raw.split(" | ") if c.status == "ambiguous" else [c.raw]
    for part in parts:
        if squeeze(part) not in source:
            raise CellMismatch(f"raw text not in the source: {where}")


# ---------------------------------------------------------------- (d) each cell its own text

_SEEN = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def seen_number(visible: str) -> float | None:
    """The number a reader of the page sees in a cell, or None when the cell shows anything else
    (text, two numbers on two lines, digits parted by a space). Independent of govkit's parser."""
    s = visible.strip(" \u00a0\u3000\t")
    return float(s.replace(",", "")) if _SEEN.fullmatch(s) else None


def own_cell_problems(rep: govkit.Report, visible: dict[tuple[str, str, str], str]) -> list[str]:
    """Invariant (d): a cell read as a number (ok, segmented, inferred) holds the number its OWN
    cell shows; a cell that shows no single number is NaN. Checking values against the whole
    source let "200" pass when the cell printing 11 was read as 2."""
    got = {(c.table, c.row, c.col): c for c in rep.cells.itertuples(index=False)}
    out = []
    for key, text in visible.items():
        c = got.get(key)
        if c is not None and c.status == "ok" and not c.raw.strip() and text.strip():
            out.append(f"{'|'.join(key)}: read blank (status ok) but the cell shows {text!r}")
        if c is None or c.status not in ("ok", "segmented", "inferred") or math.isnan(c.value):
            continue
        seen = seen_number(text)
        if seen != c.value:
            out.append(
                f"{'|'.join(key)}: read {c.value:g} ({c.status}, raw {c.raw!r}) but the cell shows {text!r}"
            )
    return out
