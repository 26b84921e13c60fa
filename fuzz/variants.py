"""Layout variants of real reports that keep every printed number (issue 11's classes of layout).

A report govkit reads (corpus or data/) is turned into a *canonical document*: its cells (raw text)
laid out in the national template's tables with the report's title and prose. That document renders
to HTML, markdown and copied web text, and through LibreOffice to .docx and .pdf (as the fixtures in
tests/fixtures are made). A *class* changes the layout at render time and never a printed number:

- ``split_review``: section 四 as three small tables, each with its own 5-column header;
- ``split_requests``: section 三 as one table per row group, headed 数据1…数据N or a wrong header row;
- ``blank_rows``: rows whose every cell is blank (``&nbsp;``);
- ``collapsed``: a group (2021 （六）其他处理 …) printed as one row of sums instead of its sub-rows;
- ``residue``: an empty cell between a row's label and its numbers (merged-cell residue);
- ``heading_typo`` / ``label_typo``: a stray or missing character or stray spaces;
- ``wrap`` / ``page_break``: a row label over two lines, or cut by a page break;
- ``renumber``: sub-rows numbered 1、 （1） ① instead of 1.;
- ``placeholders``: zero cells printed as / — - －.

Property (`check_variant`): the variant's cells equal the canonical document's (a collapsed group:
leaves ``collapsed`` and the printed group row; a placeholder: raw kept, value NaN), and no
``structure.missing_rows`` finding names a printed row.

Issue 16's one-cell mutations use the same documents: one value cell holds content whose visible
text is known (fuzz/mutate.py `cell_content`, in HTML, markdown, web text, crawler text and .docx)
and every cell is held to its own visible text (fuzz/check.py `own_cell_problems`).

Long run: ``python -m fuzz.variants --seed N --count M [--formats html,markdown,text,docx,pdf]``
(``--cells`` for the one-cell mutations); it prints variants and failures per class and format.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import html as htmlmod
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import govkit
from fuzz.check import own_cell_problems, squeeze
from fuzz.mutate import DOCX_MARKER, CellContent, cell_content, inject_docx
from govkit.templates import get_template
from govkit.textnorm import parse_number

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIRS = (ROOT.parent / "shared" / "corpus", ROOT / "data")
TEXT_FORMATS = ("html", "markdown", "text")
OFFICE_FORMATS = ("docx", "pdf")
FORMATS = TEXT_FORMATS + OFFICE_FORMATS
CACHE = Path(os.environ.get("GOVKIT_VARIANTS_CACHE", Path.home() / ".cache" / "govkit-variants"))

Key = tuple[str, str, str]  # (table, row, col) of the template

# ---------------------------------------------------------------- the template's printed layout

REQUEST_COLS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
REVIEW_HEAD = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
REVIEW_PARTS = ("行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉")
HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
GROUP_NUMBERS = "一二三四五六七"
SUB_STYLES = ("{n}.", "{n}、", "（{n}）", "{c}")  # the last: circled ① ② …
CIRCLED = "①②③④⑤⑥⑦⑧⑨"
PLACEHOLDERS = ("/", "—", "-", "－", "——", "／")


@dataclass(frozen=True)
class Group:
    """A row of 三、本年度办理结果: a leaf, or a group printed over its numbered sub-rows."""

    name: str  # template row (a leaf) or path prefix (a group)
    label: str  # as printed, without numbering
    subs: tuple[str, ...] = ()


def result_groups(version: str) -> tuple[Group, ...]:
    other = (
        (
            "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "其他",
        )
        if version == "2021"
        else ()
    )
    return (
        Group("予以公开", "予以公开"),
        Group("部分公开", "部分公开（区分处理的，只计这一情形，不计其他情形）"),
        Group(
            "不予公开",
            "不予公开",
            (
                "属于国家秘密",
                "其他法律行政法规禁止公开",
                "危及“三安全一稳定”",
                "保护第三方合法权益",
                "属于三类内部事务信息",
                "属于四类过程性信息",
                "属于行政执法案卷",
                "属于行政查询事项",
            ),
        ),
        Group(
            "无法提供",
            "无法提供",
            ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"),
        ),
        Group(
            "不予处理",
            "不予处理",
            (
                "信访举报投诉类申请",
                "重复申请",
                "要求提供公开出版物",
                "无正当理由大量反复申请",
                "要求行政机关确认或重新出具已获取信息",
            ),
        ),
        Group("其他处理", "其他处理", other),
        Group("总计", "总计"),
    )


def active_items(version: str) -> list[tuple[str, tuple[str, ...], list[str]]]:
    """(item, columns, rows) of section 二 in the template's order."""
    tpl = get_template(version)
    items: dict[str, list[str]] = {}
    for spec in tpl.rows["active"]:
        item, label = spec.row.split("/")
        items.setdefault(item, []).append(label)
    return [(i, tpl.columns("active", f"{i}/{rows[0]}"), rows) for i, rows in items.items()]


# ---------------------------------------------------------------- the canonical document


@dataclass
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Table:
    rows: list[list[Cell]]
    head: int = 1  # header rows (markdown puts its separator after them)
    page: int = 0  # the table starts on a new page (numbered): markdown prints a "— N —" footer


Block = str | Table  # a paragraph (a heading is a paragraph) or a table


@dataclass(frozen=True)
class Source:
    """What a variant is made from: one real report's printed cells and prose."""

    name: str
    version: str
    title: str
    year: int
    raw: dict[Key, str]  # template cell -> printed text ("" where blank or unreadable)
    prose: dict[str, str]  # heading -> prose of sections 一, 五, 六


@dataclass(frozen=True)
class Layout:
    """One class's changes to the canonical layout; the default is the canonical document."""

    split_review: bool = False
    split_requests: str = ""  # "" | "placeholder" | "wrong"
    blank_rows: frozenset[str] = frozenset()
    collapse: str = ""  # group path printed as one row of sums
    residue: frozenset[str] = frozenset()  # rows with an empty cell after the label
    headings: tuple[tuple[str, str], ...] = ()  # heading -> as printed
    labels: tuple[tuple[str, str], ...] = ()  # row (or group path) -> label as printed
    wrap: tuple[tuple[str, int], ...] = ()  # row -> where its label breaks onto a second line
    page_break: tuple[str, int] = ("", 0)  # row whose label a page break cuts, and where
    numbering: str = "{n}."  # sub-row numbering
    placeholders: tuple[tuple[Key, str], ...] = ()  # zero cell -> placeholder printed
    inject: tuple[Key, ...] = ()  # cells printed as a token `⟪k⟫` a cell mutation fills in


@dataclass
class Expected:
    """The cells a reader must give: key -> (raw, value, status)."""

    cells: dict[Key, tuple[str, float, str]] = field(default_factory=dict)
    printed_rows: set[tuple[str, str]] = field(default_factory=set)
    visible: dict[Key, str] = field(default_factory=dict)  # injected cells: what a reader sees


def load_source(path: Path) -> Source | None:
    """A report govkit reads with a template (the 2018 pre-template one is skipped)."""
    try:
        rep = govkit.read_report(path)
    except govkit.GovkitError:
        return None
    raw = {
        (c.table, c.row, c.col): (c.raw if c.status not in ("ambiguous", "missing") else "")
        for c in rep.cells.itertuples(index=False)
    }
    raw = {k: " ".join(v.split()) for k, v in raw.items()}
    sections = rep.sections
    prose = {h: sections.get(h[2:], "") for h in (HEADINGS[0], HEADINGS[4], HEADINGS[5])}
    year = rep.meta.year or 2020
    title = rep.meta.title or f"{rep.meta.agency}{year}年政府信息公开工作年度报告"
    return Source(path.name, rep.meta.template, title, year, raw, prose)


@cache
def load_sources() -> tuple[Source, ...]:
    """Every distinct report in the corpus and data/ that govkit reads with a template."""
    out: list[Source] = []
    seen: set[tuple] = set()
    for d in SOURCE_DIRS:
        if not d.is_dir():
            continue
        for p in sorted(d.iterdir()):
            if p.name in ("MANIFEST.tsv", "README.md") or not p.is_file():
                continue
            src = load_source(p)
            if src is None:
                continue
            ident = (src.title, tuple(sorted(src.raw.items())))
            if ident not in seen:
                seen.add(ident)
                out.append(src)
    return tuple(out)


def token(k: int) -> str:
    """Where cell mutation k goes in a rendered document (replaced after rendering)."""
    return f"⟪{k}⟫"


class Builder:
    """Lays a Source out as blocks under a Layout, recording what a reader must find."""

    def __init__(self, src: Source, layout: Layout) -> None:
        self.src, self.lay = src, layout
        self.exp = Expected()
        self.labels = dict(layout.labels)
        self.placeholders = dict(layout.placeholders)

    # -- cells
    def value(self, key: Key, row: str) -> str:
        """The printed text of one template cell, recorded as expected."""
        if key in self.lay.inject:
            self.exp.printed_rows.add(key[:2])
            return token(self.lay.inject.index(key))
        if row in self.lay.blank_rows:
            text = ""
        else:
            text = self.placeholders.get(key, self.src.raw.get(key, ""))
        value = math.nan if key in self.placeholders else parse_number(text)[0]
        self.exp.cells[key] = (text, value, "ok")
        self.exp.printed_rows.add(key[:2])
        return text

    def label(self, name: str, printed: str) -> str:
        return self.labels.get(name, printed)

    # -- blocks
    def blocks(self) -> list[Block]:
        src = self.src
        out: list[Block] = [
            src.title,
            f"本报告中所列数据的统计期限自{src.year}年1月1日起至{src.year}年12月31日止。",
        ]
        heads = dict(self.lay.headings)
        for h in HEADINGS:
            out.append(heads.get(h, h))
            if h in src.prose:
                out += [p for p in src.prose[h].split("\n") if p.strip()]
            elif h.startswith("二"):
                out.append(self.active())
            elif h.startswith("三"):
                out += self.requests()
            else:
                out += self.review()
        return out

    def active(self) -> Table:
        rows: list[list[Cell]] = []
        for item, cols, labels in active_items(self.src.version):
            span = 3 // len(cols)
            printed = [c + ("（单位：万元）" if c == "本年收费金额" else "") for c in cols]
            rows.append([Cell(item, 4)])
            rows.append([Cell("信息内容"), *self._spread(printed, span)])
            for label in labels:
                row = f"{item}/{label}"
                vals = [self.value(("active", row, c), row) for c in cols]
                rows.append([*self.row_label(row, [Cell(label)]), *self._spread(vals, span)])
        return Table(rows, head=2)

    @staticmethod
    def _spread(texts: list[str], span: int) -> list[Cell]:
        cells = [Cell(t, span) for t in texts]
        cells[-1].colspan += 3 - span * len(texts)
        return cells

    def row_label(self, row: str, cells: list[Cell]) -> list[Cell]:
        """A row's label cells, with an empty cell after them when the layout says so."""
        return [*cells, Cell("")] if row in self.lay.residue else cells

    def requests_head(self) -> list[list[Cell]]:
        kind = self.lay.split_requests
        if kind == "placeholder":
            return [[Cell("数据1", 3), *(Cell(f"数据{k}") for k in range(2, 9))]]
        if kind == "wrong":
            return [[Cell("项目", 3), *(Cell(c) for c in REQUEST_COLS[:6]), Cell("")]]
        return [
            [
                Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
                Cell("申请人情况", 7),
            ],
            [Cell("自然人", 1, 2), Cell("法人或其他组织", 5), Cell("总计", 1, 2)],
            [Cell(c) for c in REQUEST_COLS[1:6]],
        ]

    def data_row(self, row: str, labels: list[Cell]) -> list[Cell]:
        vals = [self.value(("requests", row, c), row) for c in REQUEST_COLS]
        return [*self.row_label(row, labels), *(Cell(v) for v in vals)]

    def requests(self) -> list[Table]:
        """Section 三: one table, or one table per row group (each with its header) when split."""
        split = bool(self.lay.split_requests)
        top = [
            self.data_row(row, [Cell(num + self.label(row, row), 3)])
            for row, num in (
                ("本年新收政府信息公开申请数量", "一、"),
                ("上年结转政府信息公开申请数量", "二、"),
            )
        ]
        groups = [
            self.group_rows(g, GROUP_NUMBERS[k], split)
            for k, g in enumerate(result_groups(self.src.version))
        ]
        end = "结转下年度继续办理"
        last = self.data_row(end, [Cell("四、" + self.label(end, end), 3)])
        if split:
            parts = [top, *groups[:-1], [*groups[-1], last]]
        else:
            groups[0][0].insert(0, Cell("三、本年度办理结果", 1, sum(map(len, groups))))
            parts = [[*top, *(r for rows in groups for r in rows), last]]
        head = self.requests_head()
        return self._break([Table(head + rows, head=len(head)) for rows in parts])

    def group_rows(self, g: Group, num: str, split: bool) -> list[list[Cell]]:
        """A result group's rows; without 三、本年度办理结果 beside them (split) labels span one
        more column."""
        label = f"（{num}）" + self.label(g.name, g.label)
        if not g.subs:
            return [self.data_row(g.name, [Cell(label, 2 + split)])]
        if g.name == self.lay.collapse:
            return [self.collapsed_row(g, label, 2 + split)]
        rows = []
        for n, sub in enumerate(g.subs, 1):
            row = f"{g.name}/{sub}"
            number = self.lay.numbering.format(n=n, c=CIRCLED[n - 1])
            cells = [Cell(number + self.label(row, sub))]
            if n == 1:
                cells.insert(0, Cell(label, 1 + split, len(g.subs)))
            rows.append(self.data_row(row, cells))
        return rows

    def collapsed_row(self, g: Group, label: str, span: int) -> list[Cell]:
        """The group printed as one row: each column the sum of its sub-rows (all numbers)."""
        out = [Cell(label, span)]
        for col in REQUEST_COLS:
            leaves = [("requests", f"{g.name}/{s}", col) for s in g.subs]
            total = sum(parse_number(self.src.raw.get(k, ""))[0] for k in leaves)
            text = "" if math.isnan(total) else f"{total:g}"
            for k in leaves:
                self.exp.cells[k] = ("", math.nan, "collapsed")
            self.exp.cells[("requests", g.name, col)] = (text, parse_number(text)[0], "ok")
            out.append(Cell(text))
        self.exp.printed_rows.add(("requests", g.name))
        return out

    def review(self) -> list[Table]:
        vals = {
            part: [
                self.value(("review_litigation", "数量", f"{part}/{h}"), "数量")
                for h in REVIEW_HEAD
            ]
            for part in REVIEW_PARTS
        }
        if self.lay.split_review:
            titles = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
            return [
                Table([[Cell(t, 5)], [Cell(h) for h in REVIEW_HEAD], [Cell(x) for x in vals[p]]], 2)
                for t, p in zip(titles, REVIEW_PARTS, strict=True)
            ]
        rows = [
            [Cell("行政复议", 5), Cell("行政诉讼", 10)],
            [
                *(Cell(h, 1, 2) for h in REVIEW_HEAD),
                Cell("未经复议直接起诉", 5),
                Cell("复议后起诉", 5),
            ],
            [Cell(h) for h in REVIEW_HEAD * 2],
            [Cell(x) for p in REVIEW_PARTS for x in vals[p]],
        ]
        return [Table(rows, head=3)]

    def _break(self, tables: list[Table]) -> list[Table]:
        """A page break inside a row label: the label's tail opens the next table (page)."""
        row, cut = self.lay.page_break
        if not row:
            return tables
        out = []
        for t in tables:
            for i, r in enumerate(t.rows):
                hit = [c for c in r if c.text.endswith(self._printed_tail(row))]
                if i >= t.head and hit:
                    c = hit[-1]
                    k = len(c.text) - len(self._printed_tail(row)) + cut
                    head, tail = c.text[:k], c.text[k:]
                    c.text = head
                    n_cols = sum(x.colspan for x in t.rows[t.head]) if len(t.rows) > t.head else 10
                    cont = [Cell(tail, c.colspan), Cell("", max(1, n_cols - c.colspan))]
                    c.rowspan = 1
                    out.append(Table(t.rows[: i + 1], t.head))
                    out.append(Table([cont, *t.rows[i + 1 :]], 0, page=2))
                    break
            else:
                out.append(t)
        return out

    def _printed_tail(self, row: str) -> str:
        """A row's label as printed, without numbering (what wraps and page breaks cut)."""
        leaf = row.split("/")[-1]
        return self.labels.get(row, leaf if "/" in row else self.label(row, row))


# ---------------------------------------------------------------- renderers


def render_html(blocks: list[Block], wraps: dict[str, int]) -> str:
    body = []
    for b in blocks:
        if isinstance(b, str):
            body.append(f"<p>{htmlmod.escape(b)}</p>")
            continue
        rows = []
        for r in b.rows:
            tds = []
            for c in r:
                span = (f' colspan="{c.colspan}"' if c.colspan > 1 else "") + (
                    f' rowspan="{c.rowspan}"' if c.rowspan > 1 else ""
                )
                text = _wrapped(c.text, wraps, "<br>", htmlmod.escape) if c.text else "&nbsp;"
                tds.append(f'<td style="border:1px solid #000;"{span}>{text}</td>')
            rows.append("<tr>" + "".join(tds) + "</tr>")
        body.append(
            '<table border="1" cellspacing="0" style="border-collapse:collapse;">\n'
            + "\n".join(rows)
            + "\n</table>"
        )
    title = htmlmod.escape(blocks[0]) if blocks and isinstance(blocks[0], str) else ""
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>'
        "\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _wrapped(text: str, wraps: dict[str, int], br: str, esc: Callable[[str], str] = str) -> str:
    """A label wrapped onto two lines: the break goes where the layout says."""
    for label, at in wraps.items():
        if text.endswith(label):
            k = len(text) - len(label) + at
            return esc(text[:k]) + br + esc(text[k:])
    return esc(text)


def render_markdown(blocks: list[Block], wraps: dict[str, int]) -> str:
    """PDF-to-markdown style: one `|` cell per printed cell, spans not repeated; a wrapped label
    continues on a row of its own."""
    out = []
    for b in blocks:
        if isinstance(b, str):
            out += [b, ""]
            continue
        if b.page:
            out += [f"— {b.page} —", ""]
        for i, r in enumerate(b.rows):
            cells = [c.text for c in r]
            extra = None
            for j, x in enumerate(cells):
                w = _wrapped(x, wraps, "\n")
                if "\n" in w:
                    cells[j], rest = w.split("\n", 1)
                    extra = [""] * len(cells)
                    extra[j] = rest
            out.append("| " + " | ".join(cells) + " |")
            if extra:
                out.append("| " + " | ".join(extra) + " |")
            if b.head and i == b.head - 1:
                out.append("|" + "---|" * len(cells))
        out.append("")
    return "\n".join(out)


def render_text(blocks: list[Block], wraps: dict[str, int]) -> str:
    """Web text as a browser copies it: each cell on a tab-indented line, rows apart."""
    out = []
    for b in blocks:
        if isinstance(b, str):
            out.append(b)
            continue
        for r in b.rows:
            out.append("")
            out += ["\t" + _wrapped(c.text, wraps, "\n") for c in r]
        out.append("")
    return "\n".join(out) + "\n"


def render_crawler(blocks: list[Block], wraps: dict[str, int]) -> str:
    """Crawler text: a table row on one line, its cells parted by one space (a blank cell leaves
    no trace: "规章 12 0")."""
    out = []
    for b in blocks:
        if isinstance(b, str):
            out.append(b)
            continue
        out += [" ".join(c.text for c in r if c.text.strip()) for r in b.rows]
    return "\n".join(out) + "\n"


TEXT_RENDERERS = {"html": render_html, "markdown": render_markdown, "text": render_text}
SUFFIX = {
    "html": ".html",
    "markdown": ".md",
    "text": ".txt",
    "crawler": ".txt",
    "docx": ".docx",
    "pdf": ".pdf",
}


# ---------------------------------------------------------------- the classes


def _rows_of(src: Source, table: str = "requests") -> list[str]:
    return [s.row for s in get_template(src.version).rows[table]]


def _groups_with_subs(src: Source) -> list[Group]:
    return [g for g in result_groups(src.version) if g.subs]


def _edit(
    rng: random.Random, text: str, protect: int = 0, span: tuple[int, int] | None = None
) -> str:
    """A stray or missing character, or stray spaces, after the first `protect` characters (or
    inside `span`, the key words the template recognises the label by)."""
    lo, hi = span or (protect, len(text))
    lo = max(lo + (span is not None), 1)  # inside the key words, not just before them
    k = rng.randrange(lo, hi) if hi > lo else len(text)
    op = rng.choice(("missing", "stray", "space"))
    if op == "missing" and len(text) - protect > 4:
        return text[:k] + text[k + 1 :]
    if op == "stray":
        return text[:k] + rng.choice("法的之和及其") + text[k:]
    return text[:k] + rng.choice((" ", "  ", "\u3000")) + text[k:]


def cls_split_review(rng: random.Random, src: Source) -> Layout:
    return Layout(split_review=True)


def cls_split_requests(rng: random.Random, src: Source) -> Layout:
    return Layout(split_requests=rng.choice(("placeholder", "wrong")))


def cls_blank_rows(rng: random.Random, src: Source) -> Layout:
    rows = _rows_of(src)
    return Layout(blank_rows=frozenset(rng.sample(rows, rng.randint(1, 6))))


def cls_collapsed(rng: random.Random, src: Source) -> Layout | None:
    """A group printed as one row of sums; only when every sub-row cell is a number."""
    ok = []
    for g in _groups_with_subs(src):
        keys = [("requests", f"{g.name}/{s}", c) for s in g.subs for c in REQUEST_COLS]
        if all(not math.isnan(parse_number(src.raw.get(k, ""))[0]) for k in keys):
            ok.append(g.name)
    if not ok:
        return None
    prefer = "其他处理" if "其他处理" in ok and rng.random() < 0.5 else rng.choice(ok)
    return Layout(collapse=prefer)


def cls_residue(rng: random.Random, src: Source) -> Layout:
    rows = _rows_of(src)
    pick = {"总计"} | set(rng.sample(rows, rng.randint(0, 3)))
    return Layout(residue=frozenset(pick))


def cls_heading_typo(rng: random.Random, src: Source) -> Layout:
    heads = rng.sample(HEADINGS[1:4], rng.randint(1, 3))
    if rng.random() < 0.5 and HEADINGS[3] not in heads:
        heads.append(HEADINGS[3])
    edits = {h: _edit(rng, h, protect=2) for h in heads}
    if HEADINGS[3] in edits and rng.random() < 0.3:
        edits[HEADINGS[3]] = (
            "四、政府信息公开行政法复议、行政诉讼情况"  # the printed one in issue 11
        )
    return Layout(headings=tuple(edits.items()))


def _label_text(row: str) -> str:
    return row.split("/")[-1]


def _typo_rows(src: Source) -> list[str]:
    """Requests rows whose label is long enough that one edit leaves it recognisable."""
    return [r for r in _rows_of(src) if len(_label_text(r)) >= 6]


def _key_span(src: Source, row: str) -> tuple[int, int]:
    """Where in the printed label the template's key words are (the whole label if not found)."""
    spec = next(s for s in get_template(src.version).rows["requests"] if s.row == row)
    text = _label_text(row)
    m = spec.pattern.search(text)
    return m.span() if m and m.end() - m.start() >= 2 else (1, len(text))


def cls_label_typo(rng: random.Random, src: Source) -> Layout:
    rows = rng.sample(_typo_rows(src), rng.randint(1, 3))
    return Layout(
        labels=tuple((r, _edit(rng, _label_text(r), span=_key_span(src, r))) for r in rows)
    )


def _cut_in_keywords(rng: random.Random, src: Source, row: str) -> int:
    a, b = _key_span(src, row)
    return rng.randrange(a + 1, b) if b - a >= 2 else rng.randrange(1, len(_label_text(row)))


def cls_wrap(rng: random.Random, src: Source) -> Layout:
    rows = rng.sample(_typo_rows(src), rng.randint(1, 3))
    return Layout(wrap=tuple((r, _cut_in_keywords(rng, src, r)) for r in rows))


def cls_page_break(rng: random.Random, src: Source) -> Layout:
    row = rng.choice(_typo_rows(src))
    return Layout(page_break=(row, _cut_in_keywords(rng, src, row)))


def cls_renumber(rng: random.Random, src: Source) -> Layout:
    return Layout(numbering=rng.choice(SUB_STYLES[1:]))


def cls_placeholders(rng: random.Random, src: Source) -> Layout | None:
    zeros = [k for k, v in src.raw.items() if parse_number(v)[0] == 0 and k[0] != "active"]
    if not zeros:
        return None
    pick = rng.sample(zeros, min(len(zeros), rng.randint(1, 8)))
    return Layout(placeholders=tuple((k, rng.choice(PLACEHOLDERS)) for k in sorted(pick)))


CLASSES: dict[str, Callable[[random.Random, Source], Layout | None]] = {
    "split_review": cls_split_review,
    "split_requests": cls_split_requests,
    "blank_rows": cls_blank_rows,
    "collapsed": cls_collapsed,
    "residue": cls_residue,
    "heading_typo": cls_heading_typo,
    "label_typo": cls_label_typo,
    "wrap": cls_wrap,
    "page_break": cls_page_break,
    "renumber": cls_renumber,
    "placeholders": cls_placeholders,
}


# ---------------------------------------------------------------- making and checking variants


@dataclass
class Variant:
    source: str
    cls: str
    layout: Layout
    fmt: str
    data: bytes
    expected: Expected

    @property
    def name(self) -> str:
        return f"{self.cls}:{self.source}.{self.fmt}"


def build(src: Source, layout: Layout) -> tuple[list[Block], Expected, dict[str, int]]:
    b = Builder(src, layout)
    blocks = b.blocks()
    wraps = {b._printed_tail(row): at for row, at in layout.wrap}
    return blocks, b.exp, wraps


def render(src: Source, layout: Layout, fmt: str) -> tuple[bytes, Expected]:
    """One format of the layout (docx/pdf through LibreOffice, cached)."""
    blocks, exp, wraps = build(src, layout)
    if fmt in TEXT_RENDERERS:
        return TEXT_RENDERERS[fmt](blocks, wraps).encode("utf-8"), exp
    page = render_html(blocks, wraps).encode("utf-8")
    return office([page], fmt)[0], exp


def office(pages: list[bytes], fmt: str) -> list[bytes]:
    """HTML pages → .docx (Writer) → .pdf through LibreOffice, batched, cached by content hash.

    Conversions land in a private folder and are moved into the cache whole (os.replace), so
    several processes sharing the cache never read a half-written file.
    """
    CACHE.mkdir(parents=True, exist_ok=True)
    keys = [hashlib.sha256(p).hexdigest()[:24] for p in pages]
    todo = {k: p for k, p in zip(keys, pages, strict=True) if not (CACHE / f"{k}.{fmt}").exists()}
    if todo:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            out = work / "out"
            for k, p in todo.items():
                (work / f"{k}.html").write_bytes(p)
            need = [work / f"{k}.html" for k in todo if not (CACHE / f"{k}.docx").exists()]
            if need:
                _soffice(need, "docx", out, work, html=True)
                for f in out.iterdir():
                    os.replace(f, CACHE / f.name)
            if fmt == "pdf":
                _soffice([CACHE / f"{k}.docx" for k in todo], "pdf", out, work)
                for f in out.iterdir():
                    os.replace(f, CACHE / f.name)
    return [(CACHE / f"{k}.{fmt}").read_bytes() for k in keys]


def _soffice(files: list[Path], fmt: str, outdir: Path, work: Path, html: bool = False) -> None:
    """One LibreOffice call for many files, with its own profile (other soffice runs may be live)."""
    if shutil.which("soffice") is None:
        raise RuntimeError("soffice (LibreOffice) is needed for .docx/.pdf variants")
    args = ["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless"]
    if html:
        args.append("--infilter=HTML (StarWriter)")
    filt = {"docx": "docx:MS Word 2007 XML", "pdf": "pdf:writer_pdf_Export"}[fmt]
    subprocess.run(
        [*args, "--convert-to", filt, "--outdir", str(outdir), *map(str, files)],
        check=True,
        capture_output=True,
        timeout=600,
    )


def _read(v: Variant) -> govkit.Report:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / (v.source.split(".")[0] + SUFFIX[v.fmt])
        path.write_bytes(v.data)
        return govkit.read_report(path)


def check_variant(v: Variant, rep: govkit.Report | None = None) -> list[str]:
    """Every difference from the expected cells, and every printed row called missing."""
    try:
        rep = rep or _read(v)
    except govkit.GovkitError as exc:
        return [f"read failed: {type(exc).__name__}: {str(exc)[:200]}"]
    got = {(c.table, c.row, c.col): c for c in rep.cells.itertuples(index=False)}
    problems = own_cell_problems(rep, v.expected.visible)
    for key, (raw, value, status) in v.expected.cells.items():
        c = got.get(key)
        if c is None:
            problems.append(f"{'|'.join(key)}: no cell (want {raw!r} {status})")
            continue
        same_value = (math.isnan(value) and math.isnan(c.value)) or value == c.value
        if c.status != status or not same_value or squeeze(c.raw) != squeeze(raw):
            problems.append(
                f"{'|'.join(key)}: got {c.raw!r}={c.value} {c.status}, want {raw!r}={value} {status}"
            )
    extra = sorted(set(got) - set(v.expected.cells) - set(v.expected.visible))
    if extra and v.expected.cells:
        problems.append(f"cells not expected: {['|'.join(k) for k in extra[:5]]}")
    findings = rep.audit()
    missing = findings[findings["rule"] == "structure.missing_rows"]
    for t, r in zip(missing["table"], missing["row"], strict=True):
        if (t, r) in v.expected.printed_rows:
            problems.append(f"structure.missing_rows names the printed row {t}|{r}")
    return problems


READER = {"docx": "io", "pdf": "pdf", "crawler": "flat"}


def owner(cls: str, fmt: str, failed: collections.Counter) -> str:
    """Who should look first: the grid matcher when the class fails in the grid text formats too,
    else the format's reader (crawler text: the flat matcher)."""
    if fmt in READER and not any(failed[cls, f] for f in ("html", "markdown", "text")):
        return READER[fmt]
    return "flat" if fmt == "crawler" else "grid"


def variants(
    seed: int,
    count: int,
    formats: Iterable[str] = FORMATS,
    classes: Iterable[str] = tuple(CLASSES),
    sources: Iterable[str] = (),
) -> Iterable[Variant]:
    """`count` variants of run `seed`: (source, class, format) cycle, the layout from the RNG."""
    names = set(sources)
    pool = [s for s in load_sources() if not names or s.name in names]
    fmts = list(formats)
    combos = [(s, c, f) for c in classes for s in pool for f in fmts]
    rng = random.Random(seed)
    rng.shuffle(combos)
    office_batch: list[tuple[Source, str, Layout, str, Expected, bytes]] = []
    i = 0
    while i < count:
        src, cls, fmt = combos[i % len(combos)]
        layout = CLASSES[cls](random.Random(f"{seed}:{i}"), src)
        i += 1
        if layout is None:
            continue
        blocks, exp, wraps = build(src, layout)
        if fmt in TEXT_RENDERERS:
            yield Variant(
                src.name, cls, layout, fmt, TEXT_RENDERERS[fmt](blocks, wraps).encode(), exp
            )
            continue
        office_batch.append((src, cls, layout, fmt, exp, render_html(blocks, wraps).encode()))
        if len(office_batch) >= 12 or i >= count:
            yield from _flush_office(office_batch)
            office_batch = []
    yield from _flush_office(office_batch)


CELL_FORMATS = ("html", "markdown", "text", "crawler", "docx")


def cell_variants(
    seed: int, count: int, formats: Iterable[str] = CELL_FORMATS, sources: Iterable[str] = ()
) -> Iterable[Variant]:
    """Issue 16: one cell of a canonical document holds a mutation whose visible text is known
    (fuzz/mutate.py `cell_content`); the variant's class is the mutation's kind."""
    names = set(sources)
    pool = [s for s in load_sources() if not names or s.name in names]
    fmts = list(formats)
    batch: list[tuple[Source, Key, CellContent]] = []
    for i in range(count):
        src, key, fmt, content = cell_mutation_at(seed, i, pool, fmts)
        if fmt != "docx":
            yield make_cell_variant(src, key, fmt, content)
            continue
        batch.append((src, key, content))
        if len(batch) >= 12:
            yield from cell_variants_docx(batch)
            batch = []
    yield from cell_variants_docx(batch)


def cell_mutation_at(
    seed: int, i: int, pool: list[Source], fmts: list[str]
) -> tuple[Source, Key, str, CellContent]:
    """Mutation i of run `seed`: a pure function of (seed, i), so an input replays alone."""
    rng = random.Random(f"cells:{seed}:{i}")
    src, fmt = pool[i % len(pool)], fmts[(i // len(pool)) % len(fmts)]
    key = rng.choice(sorted(src.raw))
    return src, key, fmt, cell_content(rng, fmt)


def make_cell_variant(src: Source, key: Key, fmt: str, content: CellContent) -> Variant:
    """`src` with the cell `key` holding `content`, in a text format."""
    layout = Layout(inject=(key,))
    blocks, exp, wraps = build(src, layout)
    exp.visible[key] = content.visible
    if fmt == "crawler":
        text = render_crawler(blocks, wraps).replace(token(0), content.plain or "")
        text = "\n".join(" ".join(filter(None, line.split(" "))) for line in text.split("\n"))
        exp.visible.update({k: raw for k, (raw, _, _) in exp.cells.items()})
        exp.cells = {}  # no cell boundaries: every cell is held to its own text only
    else:
        inner = content.html if fmt == "html" else content.plain
        text = TEXT_RENDERERS[fmt](blocks, wraps).replace(token(0), inner or "")
    return Variant(src.name, content.kind, layout, fmt, text.encode("utf-8"), exp)


def cell_variants_docx(batch: list[tuple[Source, Key, CellContent]]) -> list[Variant]:
    """Word variants: the canonical .docx (LibreOffice, cached) with the cell's run replaced."""
    made = []
    for src, key, content in batch:
        layout = Layout(inject=(key,))
        blocks, exp, wraps = build(src, layout)
        exp.visible[key] = content.visible
        page = render_html(blocks, wraps).replace(token(0), DOCX_MARKER).encode()
        made.append((src, layout, exp, content, page))
    datas = office([m[4] for m in made], "docx") if made else []
    return [
        Variant(src.name, content.kind, layout, "docx", inject_docx(data, content), exp)
        for (src, layout, exp, content, _), data in zip(made, datas, strict=True)
    ]


def _flush_office(batch: list) -> Iterable[Variant]:
    for fmt in OFFICE_FORMATS:
        part = [b for b in batch if b[3] == fmt]
        if not part:
            continue
        datas = office([b[5] for b in part], fmt)
        for (src, cls, layout, f, exp, _), data in zip(part, datas, strict=True):
            yield Variant(src.name, cls, layout, f, data, exp)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="layout-variant run (issue 11)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--count", type=int, default=500)
    p.add_argument("--formats", default=",".join(FORMATS))
    p.add_argument("--classes", default=",".join(CLASSES))
    p.add_argument("--sources", default="", help="report file names (default: all)")
    p.add_argument(
        "--cells", action="store_true", help="one-cell mutations (issue 16) instead of layouts"
    )
    p.add_argument("--out", default="fuzz/failures/variants")
    p.add_argument("--show", type=int, default=3, help="failures printed per class and format")
    args = p.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    made: collections.Counter[tuple[str, str]] = collections.Counter()
    failed: collections.Counter[tuple[str, str]] = collections.Counter()
    examples: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    t0 = time.perf_counter()
    sources = [x for x in args.sources.split(",") if x]
    if args.cells:
        fmts = [f for f in args.formats.split(",") if f in CELL_FORMATS] or list(CELL_FORMATS)
        run = cell_variants(args.seed, args.count, fmts, sources)
    else:
        run = variants(
            args.seed, args.count, args.formats.split(","), args.classes.split(","), sources
        )
    for v in run:
        made[v.cls, v.fmt] += 1
        try:
            problems = check_variant(v)
        except Exception:
            problems = ["exception: " + traceback.format_exc(limit=3)]
        if problems:
            failed[v.cls, v.fmt] += 1
            k = failed[v.cls, v.fmt]
            if k <= args.show:
                path = out / f"{v.cls}-{v.fmt}-{k}{SUFFIX[v.fmt]}"
                path.write_bytes(v.data)
                path.with_suffix(path.suffix + ".problems").write_text(
                    f"{v.name} layout={v.layout}\n" + "\n".join(problems), encoding="utf-8"
                )
                examples[v.cls, v.fmt].append(f"{v.source} {path}: {problems[:3]}")
    summary = {
        "seed": args.seed,
        "variants": sum(made.values()),
        "failed": sum(failed.values()),
        "elapsed_s": round(time.perf_counter() - t0, 1),
        "by_class_format": {
            f"{c}/{f}": f"{failed[c, f]}/{n}" for (c, f), n in sorted(made.items())
        },
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    for (c, f), ex in sorted(examples.items()):
        print(
            f"\n## {c} / {f} ({failed[c, f]} of {made[c, f]} failed; owner {owner(c, f, failed)})"
        )
        for e in ex:
            print("  ", e[:600])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
