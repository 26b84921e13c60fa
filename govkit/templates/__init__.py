"""The national templates (2019 and 2021 today), loaded from the tables beside this file.

`versions.csv` lists the versions: the first report year each covers, its document number, whether
it asks section 六 for the fee statement and the header words only it prints. `rows.csv` lists every
row of the three tables with the versions it belongs to and the pattern that recognises its label in
a report; `cols.csv` lists the columns. Their `quantity` columns say which base quantity of the
metrics a cell adds to (rows.csv for section 三's rows, cols.csv for section 四's columns), and
cols.csv's `short` the label a chart legend prints (结果维持 → 维持). A template change, or a new version, is a data edit, not a
code change (the pudl way): nothing outside this package compares version strings.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np

from govkit.textnorm import label_key

TABLES = ("active", "requests", "review_litigation")
_HERE = Path(__file__).parent


def _read_headings() -> list[dict[str, str]]:
    with open(_HERE / "headings.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


_HEADING_ROWS = _read_headings()
HEADINGS = {h["name"]: h["pattern"] for h in _HEADING_ROWS}
"""Canonical section name -> pattern of its heading's text (numbering excluded), from headings.csv."""
TABLE_NAMES = {h["table"]: f"{h['number']}、{h['name']}" for h in _HEADING_ROWS if h["table"]}


@dataclass(frozen=True)
class RowSpec:
    table: str
    row: str
    prefix: str  # numbering as printed in the template: "一、", "(三)", "2."
    pattern: re.Pattern[str]  # on label_key() of a cell
    full: bool  # the whole cell must match (short labels such as 规章, 其他, 总计)
    flat: re.Pattern[str]  # finds the label inside run-together text, numbering included
    role: str = ""  # section 三's balance: new, carried, total, next (rows.csv role column)
    display: str = ""  # the label as the printed template shows it, numbering included
    quantity: str = ""  # the base quantity its 总计 cell adds to (present.definitions.QUANTITIES)

    def matches(self, key: str) -> bool:
        return bool(self.pattern.fullmatch(key) if self.full else self.pattern.search(key))

    @cached_property
    def label(self) -> str:
        """The template's own wording of the label (the leaf of the path), for tolerant matching."""
        return label_key(self.row.rsplit("/", 1)[-1])


@dataclass(frozen=True)
class GroupSpec:
    """A row group of the template (（三）不予公开 …): its path and the leaf rows under it.

    Reports print a group's own row either as a subtotal above its sub-rows or, with the sub-rows
    left out, as the group's only row (a collapsed group). Derived from the row paths in rows.csv.
    """

    table: str
    row: str  # the group's path: the common parent of its leaves ("其他处理")
    leaves: tuple[int, ...]  # indices into Template.rows[table]

    def matches(self, key: str) -> bool:
        """The printed label names the group itself ("不予公开", "不予公开小计"), numbering dropped."""
        return key in (self.row, self.row + "小计", self.row + "合计")


def _flat_regex(prefix: str, pattern: str, full: bool) -> re.Pattern[str]:
    spaced = re.sub(r"([\u4e00-\u9fff])", r"\1\\s*", pattern)
    pre = "".join("[.、]" if ch in ".、" else re.escape(ch) for ch in prefix)
    if not pre:
        return re.compile(f"(?:{spaced})")
    # short labels (其他, 总计) are only safe with their numbering; long ones may stand alone
    return re.compile(f"{pre}\\s*(?:{spaced})" if full else f"(?:{pre}\\s*)?(?:{spaced})")


@dataclass(frozen=True)
class Template:
    version: str
    rows: dict[str, tuple[RowSpec, ...]]
    cols: dict[tuple[str, str], tuple[str, ...]]  # (table, item) -> columns; item "" for 三/四
    units: dict[tuple[str, str], str]
    col_info: dict[tuple[str, str], tuple[str, str]]  # (table, col) -> (quantity, short label)
    first_year: int  # the first report year this version is for (until the next version's)
    document: str  # the 国办 letter that issued it: 国办公开办函〔2021〕30号
    asks_fee: bool  # section 六 must state the 信息处理费 charged
    markers: tuple[str, ...]  # header words only this version prints, to recognise it

    @property
    def label(self) -> str:
        """The version as people name it: 2021 年版（国办公开办函〔2021〕30号）."""
        return f"{self.version} 年版（{self.document}）"

    def columns(self, table: str, row: str) -> tuple[str, ...]:
        item = row.split("/")[0] if table == "active" else ""
        return self.cols[(table, item)]

    def cell_keys(self, table: str, row: str) -> tuple[tuple[str, str, str], ...]:
        """(table, row, col) of each of the row's cells, made once per row (the matcher stores
        every report's cells under them)."""
        keys = self._cell_keys.get((table, row))
        if keys is None:
            keys = tuple((table, row, col) for col in self.columns(table, row))
            self._cell_keys[(table, row)] = keys
        return keys

    @cached_property
    def _cell_keys(self) -> dict[tuple[str, str], tuple[tuple[str, str, str], ...]]:
        return {}

    @cached_property
    def groups(self) -> dict[str, tuple[GroupSpec, ...]]:
        """Per table, the row groups whose own row is not a template row (2021's 其他处理 is a
        group, 2019's is a row)."""
        out: dict[str, tuple[GroupSpec, ...]] = {}
        for table, specs in self.rows.items():
            rows = {s.row for s in specs}
            parents: dict[str, list[int]] = {}
            for i, spec in enumerate(specs):
                if "/" in spec.row and table != "active":
                    parents.setdefault(spec.row.rsplit("/", 1)[0], []).append(i)
            out[table] = tuple(
                GroupSpec(table, g, tuple(ix)) for g, ix in parents.items() if g not in rows
            )
        return out

    @cached_property
    def balance(self) -> tuple[str, str, str, str]:
        """Section 三's rows in 一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理:
        (new, carried, total, next), found by their role in rows.csv; the other rows are the
        results that sum to the total."""
        role = {s.role: s.row for s in self.rows["requests"] if s.role}
        return role["new"], role["carried"], role["total"], role["next"]

    @cached_property
    def results(self) -> tuple[str, ...]:
        """Section 三's result rows, （一）予以公开 to （六）其他处理's leaves: they sum to 总计."""
        return tuple(s.row for s in self.rows["requests"] if not s.role)

    @cached_property
    def column_sums(self) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
        """Per table, (total column, the columns it sums), by label: a column named 总计 is the
        sum of the other columns under its parent (section 三: all; section 四: its block)."""
        out: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
        for table in TABLES:
            cols = self.cols.get((table, ""), ())
            sums = []
            for c in cols:
                parent, _, leaf = c.rpartition("/")
                if leaf == "总计":
                    parts = tuple(o for o in cols if o != c and o.rpartition("/")[0] == parent)
                    sums.append((c, parts))
            out[table] = tuple(sums)
        return out

    @cached_property
    def summed_tables(self) -> frozenset[str]:
        """Tables whose last column is the sum of all the others (section 三's 总计)."""
        out = set()
        for table in TABLES:
            cols = self.cols.get((table, ""), ())
            if any(
                total == cols[-1] and len(parts) + 1 == len(cols)
                for total, parts in self.column_sums[table]
            ):
                out.add(table)
        return frozenset(out)

    @cached_property
    def col_groups(self) -> dict[str, tuple[tuple[tuple[int, ...], int], ...]]:
        """column_sums as positions in the table's columns, for segmenting a run of digits."""
        out = {}
        for table, sums in self.column_sums.items():
            cols = self.cols.get((table, ""), ())
            out[table] = tuple(
                (tuple(cols.index(p) for p in parts), cols.index(total)) for total, parts in sums
            )
        return out

    @cached_property
    def row_names(self) -> frozenset[str]:
        return frozenset(spec.row for specs in self.rows.values() for spec in specs)

    @cached_property
    def skeleton(self) -> tuple[tuple[str, str, str], ...]:
        """Every (table, row, col) of this template, in the template's own order."""
        return tuple(
            (t, spec.row, col)
            for t in TABLES
            for spec in self.rows[t]
            for col in self.columns(t, spec.row)
        )

    @cached_property
    def skeleton_keys(self) -> frozenset[tuple[str, str, str]]:
        return frozenset(self.skeleton)

    @cached_property
    def skeleton_columns(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The skeleton as three object arrays: the table, row and col of each cell (a report's
        label columns are compared with them as arrays, not a tuple a cell)."""
        return tuple(np.array(c, dtype=object) for c in zip(*self.skeleton, strict=True))

    @cached_property
    def skeleton_units(self) -> tuple[str, ...]:
        """Each skeleton cell's unit as the template prints it in the column header ("" if none)."""
        return tuple(self.units.get((t, c), "") for t, _, c in self.skeleton)


_FOLDER = [_HERE]  # where the tables are read from; use_templates() swaps it (tests)


@cache
def load_templates(folder: Path) -> dict[str, Template]:
    """Every version described by the tables in `folder`, in versions.csv order."""
    with open(folder / "versions.csv", encoding="utf-8") as fh:
        listed = list(csv.DictReader(fh))
    return {v["version"]: _load(folder, v) for v in listed}


def _load(folder: Path, version: dict[str, str]) -> Template:
    key = f"v{version['version']}"
    rows: dict[str, list[RowSpec]] = {t: [] for t in TABLES}
    with open(folder / "rows.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r.get(key) != "1":
                continue
            full = r["match"] == "full"
            rows[r["table"]].append(
                RowSpec(
                    table=r["table"],
                    row=r["row"],
                    prefix=r["prefix"],
                    pattern=re.compile(r["pattern"]),
                    full=full,
                    flat=_flat_regex(r["prefix"], r["pattern"], full),
                    role=r.get("role", ""),
                    display=r.get("display", ""),
                    quantity=r.get("quantity", ""),
                )
            )
    cols: dict[tuple[str, str], list[str]] = {}
    units: dict[tuple[str, str], str] = {}
    col_info: dict[tuple[str, str], tuple[str, str]] = {}
    with open(folder / "cols.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r.get(key) != "1":
                continue
            cols.setdefault((r["table"], r["item"]), []).append(r["col"])
            if r["unit"]:
                units[(r["table"], r["col"])] = r["unit"]
            if r.get("quantity") or r.get("short"):
                col_info[(r["table"], r["col"])] = (r.get("quantity", ""), r.get("short", ""))
    return Template(
        version=version["version"],
        rows={t: tuple(v) for t, v in rows.items()},
        cols={k: tuple(v) for k, v in cols.items()},
        units=units,
        col_info=col_info,
        first_year=int(version["first_year"]),
        document=version["document"],
        asks_fee=version["asks_fee"] == "1",
        markers=tuple(version["markers"].split("|")),
    )


@contextmanager
def use_templates(folder: Path) -> Iterator[None]:
    """Read the template tables from `folder` inside the block (a version described in data only).

    Versions already known must keep their tables: the matcher caches by version name.
    """
    _FOLDER.insert(0, Path(folder))
    try:
        yield
    finally:
        _FOLDER.pop(0)


def templates() -> dict[str, Template]:
    """Every known version, oldest first."""
    return load_templates(_FOLDER[0])


def versions() -> tuple[str, ...]:
    return tuple(templates())


def first_year() -> int:
    """The first report year any template covers: an older report is free-form."""
    return min(t.first_year for t in templates().values())


def get_template(version: str) -> Template:
    known = templates()
    if version not in known:
        raise ValueError(f"unknown template version {version!r}; expected one of {tuple(known)}")
    return known[version]


def template_for_year(year: int | None) -> Template:
    """The version a report of `year` must use: the latest one issued by then (the latest when
    the year is unknown, the oldest for a year before any)."""
    listed = sorted(templates().values(), key=lambda t: t.first_year)
    if year is None:
        return listed[-1]
    due = [t for t in listed if t.first_year <= int(year)]
    return due[-1] if due else listed[0]


def row_order(table: str) -> list[str]:
    """Rows of a table across all versions, in template order (for wide views of mixed batches):
    the latest version's, with an older version's own rows after the row they follow there."""
    *older, latest = templates().values()
    merged = [spec.row for spec in latest.rows[table]]
    for tpl in reversed(older):
        prev = None
        for spec in tpl.rows[table]:
            if spec.row not in merged:
                merged.insert(merged.index(prev) + 1 if prev else 0, spec.row)
            prev = spec.row
    return merged


def col_order(table: str) -> list[str]:
    seen: dict[str, None] = {}
    for t in templates().values():
        for (tab, _item), cols in t.cols.items():
            if tab == table:
                for c in cols:
                    seen.setdefault(c)
    return list(seen)


def quantity_map() -> dict[tuple[str, str, str], str]:
    """(table, row, col) → the base quantity the cell adds to, over every version, from the
    `quantity` columns of rows.csv (section 三: a row's 总计 cell) and cols.csv (section 四: a column,
    any row). Row or col is "" where the other one decides; metrics map cells through this."""
    return _quantity_map(_FOLDER[0])


@cache
def _quantity_map(folder: Path) -> dict[tuple[str, str, str], str]:
    out: dict[tuple[str, str, str], str] = {}
    for tpl in load_templates(folder).values():
        for spec in tpl.rows["requests"]:
            if spec.quantity:  # a group printed as one row (不予公开) adds to its leaves' quantity
                for path in (spec.row, spec.row.rpartition("/")[0]):
                    out.setdefault(("requests", path, "总计"), spec.quantity)
        for (table, col), (quantity, _short) in tpl.col_info.items():
            if quantity:
                out[(table, "", col)] = quantity
    return out


def result_blocks(table: str = "review_litigation") -> tuple[list[str], list[tuple[str, str]]]:
    """Section 四's case blocks (行政复议, 行政诉讼/未经复议直接起诉 …) and its result columns as
    (column leaf, short label) in template order (结果维持 → 维持, …, 总计 last), from cols.csv."""
    blocks: dict[str, None] = {}
    results: dict[str, str] = {}
    for tpl in templates().values():
        for (tab, col), (_quantity, short) in tpl.col_info.items():
            if tab == table and short:
                block, _, leaf = col.rpartition("/")
                blocks.setdefault(block)
                results.setdefault(leaf, short)
    return list(blocks), list(results.items())


def display_label(row: str) -> str:
    """The row as the printed template shows it, for messages people read (（七）总计, not 总计)."""
    return _displays(_FOLDER[0]).get(row, row)


@cache
def _displays(folder: Path) -> dict[str, str]:
    return {
        spec.row: spec.display
        for tpl in load_templates(folder).values()
        for specs in tpl.rows.values()
        for spec in specs
        if spec.display
    }
