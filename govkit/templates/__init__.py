"""The 2019 and 2021 national templates, loaded from the label tables beside this file.

`rows.csv` lists every row of the three tables with the versions it belongs to and the pattern
that recognises its label in a report; `cols.csv` lists the columns. A template change is a data
edit, not a code change (the pudl way).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from govkit.textnorm import label_key

VERSIONS = ("2019", "2021")
TABLES = ("active", "requests", "review_litigation")
TABLE_NAMES = {
    "active": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
}
_HERE = Path(__file__).parent


@dataclass(frozen=True)
class RowSpec:
    table: str
    row: str
    prefix: str  # numbering as printed in the template: "一、", "(三)", "2."
    pattern: re.Pattern[str]  # on label_key() of a cell
    full: bool  # the whole cell must match (short labels such as 规章, 其他, 总计)
    flat: re.Pattern[str]  # finds the label inside run-together text, numbering included

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

    def columns(self, table: str, row: str) -> tuple[str, ...]:
        item = row.split("/")[0] if table == "active" else ""
        return self.cols[(table, item)]

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


@cache
def get_template(version: str) -> Template:
    if version not in VERSIONS:
        raise ValueError(f"unknown template version {version!r}; expected one of {VERSIONS}")
    key = f"v{version}"
    rows: dict[str, list[RowSpec]] = {t: [] for t in TABLES}
    with open(_HERE / "rows.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r[key] != "1":
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
                )
            )
    cols: dict[tuple[str, str], list[str]] = {}
    units: dict[tuple[str, str], str] = {}
    with open(_HERE / "cols.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r[key] != "1":
                continue
            cols.setdefault((r["table"], r["item"]), []).append(r["col"])
            if r["unit"]:
                units[(r["table"], r["col"])] = r["unit"]
    return Template(
        version=version,
        rows={t: tuple(v) for t, v in rows.items()},
        cols={k: tuple(v) for k, v in cols.items()},
        units=units,
    )


def row_order(table: str) -> list[str]:
    """Rows of a table across both versions, in template order (for wide views of mixed batches)."""
    merged = [spec.row for spec in get_template("2021").rows[table]]
    prev = None
    for spec in get_template("2019").rows[table]:
        if spec.row not in merged:
            merged.insert(merged.index(prev) + 1 if prev else 0, spec.row)
        prev = spec.row
    return merged


def col_order(table: str) -> list[str]:
    seen: dict[str, None] = {}
    for v in VERSIONS:
        t = get_template(v)
        for (tab, _item), cols in t.cols.items():
            if tab == table:
                for c in cols:
                    seen.setdefault(c)
    return list(seen)


_DISPLAY = {
    "本年新收政府信息公开申请数量": "一、本年新收政府信息公开申请数量",
    "上年结转政府信息公开申请数量": "二、上年结转政府信息公开申请数量",
    "予以公开": "（一）予以公开",
    "部分公开": "（二）部分公开",
    "总计": "（七）总计",
    "结转下年度继续办理": "四、结转下年度继续办理",
}


def display_label(row: str) -> str:
    """The row as the printed template shows it, for messages people read (（七）总计, not 总计)."""
    return _DISPLAY.get(row, row)
