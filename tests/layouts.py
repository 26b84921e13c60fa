"""A small printer of template reports, for layout tests: the tables as rows of cell texts, then
rendered as a web page (HTML), OCR-style markdown, text copied from a web page, or Word.

Numbers are made up from a seed and satisfy every template identity, so a layout test compares
what govkit reads with what was printed, cell by cell, without any real report's quirks.
"""

from __future__ import annotations

import html
import io
import itertools
import random
import re

from govkit.templates import get_template

Rows = list[list[str]]

APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
_NUMBERS = {
    "（一）": "一",
    "（二）": "二",
    "（三）": "三",
    "（四）": "四",
    "（五）": "五",
    "（六）": "六",
}
GROUP_LABELS = {
    "不予公开": "（三）不予公开",
    "无法提供": "（四）无法提供",
    "不予处理": "（五）不予处理",
    "其他处理": "（六）其他处理",
}
HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


def printed_label(version: str, row: str) -> str:
    """The label as the template prints it (numbering included)."""
    spec = next(s for s in get_template(version).rows["requests"] if s.row == row)
    leaf = row.rsplit("/", 1)[-1]
    if leaf == "部分公开":
        leaf = "部分公开（区分处理的，只计这一情形，不计其他情形）"
    return spec.prefix.replace("(", "（").replace(")", "）") + leaf


class Report:
    """One report's printed tables (lists of rows of cell texts) and the cells they print."""

    def __init__(self, version: str = "2021", seed: int = 1) -> None:
        self.version = version
        tpl = get_template(version)
        rng = random.Random(seed)
        self.expected: dict[tuple[str, str, str], str] = {}
        specs = [s.row for s in tpl.rows["requests"]]
        leaves = specs[2:-2]
        grid = {r: [rng.choice([0, 0, 1, 2, 5, 13, 120]) for _ in range(6)] for r in leaves}
        grid[specs[-1]] = [rng.choice([0, 1, 3]) for _ in range(6)]  # 结转
        grid[specs[-2]] = [sum(grid[r][c] for r in leaves) for c in range(6)]  # 总计
        grid[specs[1]] = [rng.choice([0, 1, 2]) for _ in range(6)]  # 上年结转
        grid[specs[0]] = [
            grid[specs[-2]][c] + grid[specs[-1]][c] - grid[specs[1]][c] for c in range(6)
        ]
        grid[specs[0]] = [max(v, 0) for v in grid[specs[0]]]
        grid[specs[1]] = [
            grid[specs[-2]][c] + grid[specs[-1]][c] - grid[specs[0]][c] for c in range(6)
        ]
        self.requests = {r: [str(v) for v in (*grid[r], sum(grid[r]))] for r in specs}
        for r, vals in self.requests.items():
            for col, v in zip(APPLICANTS, vals, strict=True):
                self.expected[("requests", r, col)] = v
        blocks = []
        for _ in range(3):
            four = [rng.choice([0, 1, 3, 8, 40]) for _ in range(4)]
            blocks.append([str(v) for v in (*four, sum(four))])
        self.review = blocks
        cols = tpl.cols[("review_litigation", "")]
        for col, v in zip(cols, [v for b in blocks for v in b], strict=True):
            self.expected[("review_litigation", "数量", col)] = v
        self.active: dict[str, list[str]] = {}
        for spec in tpl.rows["active"]:
            cols = tpl.columns("active", spec.row)
            self.active[spec.row] = [str(rng.choice([0, 1, 7, 32, 105])) for _ in cols]
            for col, v in zip(cols, self.active[spec.row], strict=True):
                self.expected[("active", spec.row, col)] = v
        self.labels = {r: printed_label(version, r) for r in specs}
        self.headings = list(HEADINGS)

    # ------------------------------------------------------------------ the printed tables

    def active_tables(self) -> list[Rows]:
        tpl = get_template(self.version)
        out: list[Rows] = []
        items: dict[str, list[str]] = {}
        for spec in tpl.rows["active"]:
            items.setdefault(spec.row.split("/")[0], []).append(spec.row)
        for item, rows in items.items():
            cols = tpl.columns("active", rows[0])
            table = [[item], ["信息内容", *cols]]
            table += [[r.split("/")[1], *self.active[r]] for r in rows]
            out.append(table)
        return out

    def request_header(self) -> Rows:
        return [
            ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
            ["", "自然人", "法人或其他组织", "总计"],
            ["", "", *APPLICANTS[1:6], ""],
        ]

    def request_rows(self) -> Rows:
        """Rows of section 三 as the template prints them (group label in the group's first row)."""
        rows: Rows = []
        seen: set[str] = set()
        for r, vals in self.requests.items():
            label = self.labels[r]
            lead: list[str] = []
            if r in ("予以公开",):
                lead = ["三、本年度办理结果"]
            elif "/" in r or r in ("部分公开", "总计"):
                lead = [""]
            if "/" in r:
                group = r.split("/")[0]
                lead.append(GROUP_LABELS[group] if group not in seen else "")
                seen.add(group)
            rows.append([*lead, label, *vals])
        return rows

    def request_table(self) -> Rows:
        return self.request_header() + self.request_rows()

    def review_table(self) -> Rows:
        res = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        return [
            ["行政复议", "行政诉讼"],
            [*res, "未经复议直接起诉", "复议后起诉"],
            ["", "", "", "", "", *res, *res],
            [v for b in self.review for v in b],
        ]

    def body(self) -> list[str | Rows]:
        """The report as a sequence of paragraphs (str) and tables (rows of cells)."""
        year = 2024 if self.version == "2021" else 2020
        return [
            f"测试县人民政府{year}年政府信息公开工作年度报告",
            f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
            self.headings[0],
            "本机关认真贯彻落实条例。",
            self.headings[1],
            *self.active_tables(),
            self.headings[2],
            self.request_table(),
            self.headings[3],
            self.review_table(),
            self.headings[4],
            "无。",
            self.headings[5],
            "无。",
        ]


# ---------------------------------------------------------------------- renderers


def to_html(body: list[str | Rows]) -> str:
    parts = ['<html><head><meta charset="utf-8"></head><body>']
    for item in body:
        if isinstance(item, str):
            parts.append(f"<p>{html.escape(item)}</p>")
            continue
        parts.append("<table>")
        for row in item:
            cells = "".join(f"<td>{html.escape(c) if c else '&nbsp;'}</td>" for c in row)
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def to_markdown(body: list[str | Rows]) -> str:
    parts: list[str] = []
    for item in body:
        if isinstance(item, str):
            parts += [item, ""]
            continue
        for k, row in enumerate(item):
            parts.append("| " + " | ".join(row) + " |")
            if k == 0:
                parts.append("|" + "---|" * len(row))
        parts.append("")
    return "\n".join(parts)


def to_text(body: list[str | Rows]) -> str:
    """As copied from a web page: every cell on its own tab-indented line, a blank line per row."""
    parts: list[str] = []
    for item in body:
        if isinstance(item, str):
            parts += [item, ""]
            continue
        for row in item:
            parts += ["\t" + c for c in row]
            parts.append("")
    return "\n".join(parts)


def to_docx(body: list[str | Rows]) -> bytes:
    import docx

    doc = docx.Document()
    for item in body:
        if isinstance(item, str):
            doc.add_paragraph(item)
            continue
        width = max(len(r) for r in item)
        table = doc.add_table(rows=len(item), cols=width)
        table.style = "Table Grid"  # ruled, as agencies print them (and PDF tables need the lines)
        for i, (cells, row) in enumerate(zip(table.rows, item, strict=True)):
            slots = cells.cells  # one lookup per row: table.cell(i, j) walks the whole table
            for slot, text in zip(slots, row, strict=False):
                slot.text = text
            if len(row) < width:  # a shorter row: its last cell spans to the edge
                table.cell(i, len(row) - 1).merge(table.cell(i, width - 1))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def to_crawler(body: list[str | Rows]) -> str:
    """As a crawler saves the page (../shared/corpus/*_pingtan.txt beside *_pingtan.page.html):
    the article's text content on one line, paragraphs and cells joined with nothing between
    them, each run of white space (a blank cell's &nbsp; included) one space."""
    cells = (c if c else "\u00a0" for item in body for c in _texts(item))
    return " ".join("".join(cells).split()) + "\n"


def _texts(item: str | Rows) -> list[str]:
    return [item] if isinstance(item, str) else [c for row in item for c in row]


RENDER = {"html": to_html, "markdown": to_markdown, "text": to_text, "docx": to_docx}
# every format, crawler text included (its cells run together: tested on its own terms)
FORMS = {**RENDER, "crawler": to_crawler}
SUFFIX = {"html": ".html", "markdown": ".md", "text": ".txt", "docx": ".docx", "crawler": ".txt"}


def cut_short(table: Rows, label: str, at: int) -> None:
    """A row whose label is cut after `at` characters, the rest on the next printed row (a page
    break, a wrap in a narrow cell), and whose last cell the reader did not see (a blank total a
    PDF lost): 'label[:at] | v1 … v6', then 'label[at:] | '. Its cells cannot be placed."""
    row = next(r for r in table if label in r)
    j = row.index(label)
    row[j] = label[:at]
    del row[-1]
    table.insert(table.index(row) + 1, [*[""] * j, label[at:], ""])


# ---------------------------------------------------------------------- layout classes, composable


class Gone(LookupError):
    """A class's target is no longer printed as the class expects (another class removed, cut or
    relabelled it first)."""


class Page:
    """A printed report under edit by the layout classes of ../shared/LAYOUTS.md.

    Each class edits `body` in place and records in `rep.expected` what the page now prints for
    every cell it changed. Rows are found by template row (the list printed for it), not by label
    text, so a class still finds its row after another class renamed or moved it. A label, a cut
    and a row belong to the first class that edits them: a second class's edit of the same thing
    is skipped when classes are combined (`strict=False`) and an error when a class runs alone, so
    a class alone is never weakened.
    """

    def __init__(self, rep: Report, strict: bool = True, spaced: bool = True) -> None:
        self.rep = rep
        self.strict = strict
        self.spaced = spaced  # False in crawler text, where white space is a cell boundary
        self.body = rep.body()
        table = self.requests()
        self.rows = {r: next(row for row in table if rep.labels[r] in row) for r in rep.requests}
        self.label_at = {r: self.rows[r].index(rep.labels[r]) for r in rep.requests}
        self.taken: set[str] = set()  # rows whose label (or the row itself) a class has edited
        self.removed: set[str] = set()

    def requests(self) -> Rows:
        return next(t for t in self.body if isinstance(t, list) and t[0][0].startswith("（本列"))

    def table(self, first: str) -> Rows:
        """The printed table whose first row starts with `first`."""
        return next(t for t in self.body if isinstance(t, list) and t and t[0][0].startswith(first))

    def skip(self, why: str) -> None:
        if self.strict:
            raise Gone(why)

    def row(self, r: str) -> list[str] | None:
        """Row `r`'s printed list (its first printed line), None when another class removed it."""
        if r in self.removed:
            self.skip(f"{r} was removed")
            return None
        return self.rows[r]

    def take(self, r: str) -> list[str] | None:
        """Row `r` for an edit of its label or lines: None when another class already did one."""
        row = self.row(r)
        if row is None or r in self.taken:
            if row is not None:
                self.skip(f"{r} was already edited")
            return None
        self.taken.add(r)
        return row

    def group_row(self, group: str) -> list[str] | None:
        """The printed row holding the group's name (its first printed sub-row)."""
        found = [row for row in self.requests() if GROUP_LABELS[group] in row]
        if not found:
            self.skip(f"{GROUP_LABELS[group]} is no longer printed")
            return None
        return found[0]

    def below(self, row: list[str], new: list[str]) -> None:
        table = self.requests()
        table.insert(next(i for i, r in enumerate(table) if r is row) + 1, new)

    def expect(self, table: str, row: str, col: str, raw: str, status: str = "ok") -> None:
        self.rep.expected[(table, row, col)] = (raw, status)


def _printed(raw: str) -> int:
    """A printed cell's number for a subtotal the page prints (a blank counts 0)."""
    return int(raw) if raw.isdigit() else 0


def blank_rows(page: Page) -> None:
    """Printed rows whose cells are all blank (&nbsp; in HTML)."""
    for r in (
        "不予公开/其他法律行政法规禁止公开",
        "不予公开/危及“三安全一稳定”",
        "不予处理/重复申请",
    ):
        row = page.row(r)
        if row is None:
            continue
        row[-7:] = [""] * 7
        for col in APPLICANTS:
            page.expect("requests", r, col, "")
    # a blank row whose label is wrapped over two printed rows, two text cells in each (PDF)
    r = "不予处理/要求行政机关确认或重新出具已获取信息"
    row = page.take(r)
    if row is not None:
        j = page.label_at[r]
        row[j - 1 :] = ["（五）", "5.要求行政机关确认或", *[""] * 7]
        page.below(row, [*[""] * (j - 1), "不予处理", "重新出具已获取信息", *[""] * 7])
        for col in APPLICANTS:
            page.expect("requests", r, col, "")
    active = next(
        t for t in page.body if isinstance(t, list) and any(x[0] == "行政强制" for x in t)
    )
    row = next(x for x in active if x[0] == "行政强制")
    row[1:] = [""] * (len(row) - 1)
    for key in [k for k in page.rep.expected if k[1].endswith("/行政强制")]:
        page.expect(*key, "")


def review_as_three_tables(page: Page) -> None:
    """Section 四 printed as three small tables, each with its own 5-column header."""
    body = page.body
    k = next(i for i, t in enumerate(body) if isinstance(t, list) and t[0][0] == "行政复议")
    values = body[k][-1]
    res = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    titles = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
    parts: list = []
    for n, title in enumerate(titles):
        parts += [title, [res, values[5 * n : 5 * n + 5]]]
    body[k : k + 1] = parts


def requests_per_group(page: Page) -> None:
    """Section 三 as one table per row group, placeholder or wrong header rows."""
    body = page.body
    table = page.requests()
    k = next(i for i, t in enumerate(body) if t is table)
    groups: list[Rows] = [[]]
    for row in table[3:]:
        if any(c in GROUP_LABELS.values() or c == "三、本年度办理结果" for c in row) and groups[-1]:
            groups.append([])
        groups[-1].append(row)
    parts: list = []
    for n, g in enumerate(groups):
        header = ["项目", *(f"数据{i}" for i in range(1, 8))]
        if n == 1:
            header = ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]  # a wrong header
        parts.append([header, *g])
    body[k : k + 1] = parts


def typos(page: Page) -> None:
    """Heading and label typos, stray spaces, renumbered sub-rows."""
    body = page.body
    body[body.index(HEADINGS[3])] = "四、政府信息公开行政法复议、行政诉讼情况"
    edits = {
        "不予公开/其他法律行政法规禁止公开": "2.其他法律行政止公开",
        "不予处理/无正当理由大量反复申请": "4.无正当理由大量反复 申请",
        "不予公开/属于国家秘密": "①属于国家秘密",
        "无法提供/本机关不掌握相关政府信息": "1、本机关不掌握相关政府信息",
        "不予处理/重复申请": "（2）重复申请",
    }
    if page.rep.version == "2021":
        edits["其他处理/其他"] = "（3）其他"
    for r, text in edits.items():
        row = page.take(r)
        if row is not None:
            row[page.label_at[r]] = text


def _cut(page: Page, r: str, at: int, beside_numbers: bool) -> None:
    """Row r's label cut after `at` characters, the rest on the next printed row: alone in a
    short row (a page break) or in a row of blank cells that names nothing else."""
    row = page.take(r)
    if row is None:
        return
    j = page.label_at[r]
    label = row[j]
    row[j] = label[:at]
    rest = [*[""] * j, label[at:], *[""] * 7] if beside_numbers else [label[at:], ""]
    page.below(row, rest)


def wrapped_labels(page: Page) -> None:
    """A label wrapped into the next cell, over two printed rows, cut by a page break."""
    rep = page.rep
    r = "不予处理/无正当理由大量反复申请"
    row = page.take(r)
    if row is not None:
        j = page.label_at[r]
        row[j : j + 1] = ["4.无正当理由大量反复", "申请"]
    # the template's aside wrapped into the next cell inside its bracket
    row = page.take("部分公开")
    if row is not None:
        j = page.label_at["部分公开"]
        label = rep.labels["部分公开"]
        row[j : j + 1] = [
            label.removesuffix("只计这一情形，不计其他情形）"),
            "只计这一情形，不计其他情形）",
        ]
    r = "不予处理/要求行政机关确认或重新出具已获取信息"
    row = page.take(r)
    if row is not None:
        row[page.label_at[r]] = "5.要求行政机关确认或"
        page.below(row, [*[""] * page.label_at[r], "重新出具已获取信息", *[""] * 7])
    # the group's name cut by a page break: "（四）无" beside its first sub-row, "法提供" below
    first = page.group_row("无法提供")
    second = page.row("无法提供/没有现成信息需要另行制作")
    if first is not None and second is not None:
        first[first.index(GROUP_LABELS["无法提供"])] = "（四）无"
        second[page.label_at["无法提供/没有现成信息需要另行制作"] - 1] = "法提供"
    # cut inside its key words by a page break: "3.补" beside the numbers, the rest below
    _cut(page, "无法提供/补正后申请内容仍不明确", 3, beside_numbers=False)
    # the group's name with a cut first sub-row label: "（五）不予处理 | 1.信 | …"
    _cut(page, "不予处理/信访举报投诉类申请", 3, beside_numbers=False)
    # the numbers beside the first part, the rest on the next printed row, which names nothing
    _cut(page, "不予公开/属于行政执法案卷", 6, beside_numbers=True)


def reordered(page: Page) -> None:
    """Sub-rows printed in another order are matched by meaning, not position."""
    table = page.requests()
    for group in ("不予公开", "不予处理"):
        leaves = [r for r in page.rep.requests if r.startswith(group + "/")]
        rows = [page.rows[r] for r in leaves]
        at = next(i for i, x in enumerate(table) if x is rows[0])
        lead = rows[0][: page.label_at[leaves[0]]]
        for r, row in zip(leaves, rows, strict=True):
            table[:] = [x for x in table if x is not row]
            row[: page.label_at[r]] = [""] * len(lead)
        rows.reverse()
        rows[0][: len(lead)] = lead  # the group's name stays in its first printed row
        table[at:at] = rows


def subtotal_row(page: Page) -> None:
    """An extra subtotal row above the group's sub-rows; never taken for a sub-row. The first
    sub-row's label is torn away (it sits beside the subtotal's name in the merged cell)."""
    first = page.group_row("不予公开")
    if first is None:
        return
    leaves = [r for r in page.rep.requests if r.startswith("不予公开/")]
    sums = [str(sum(_printed(page.rows[r][c - 7]) for r in leaves)) for c in range(7)]
    first[first.index(GROUP_LABELS["不予公开"])] = ""
    table = page.requests()
    table.insert(
        next(i for i, x in enumerate(table) if x is first), ["", "（三）不予公开 小计", *sums]
    )
    r = next(r for r in leaves if page.rows[r] is first)
    if page.take(r) is not None:
        first[page.label_at[r]] = ""


def collapsed_group(page: Page) -> None:
    """A group printed as one row (the 2019 layout of （六）其他处理), its sub-rows absent."""
    rep = page.rep
    table = page.requests()
    group = "其他处理" if rep.version == "2021" else "无法提供"
    leaves = [r for r in rep.requests if r.startswith(group + "/")]
    if any(r in page.taken for r in leaves):
        page.skip(f"a sub-row of {group} was already edited")
        return
    sums = [str(sum(_printed(page.rows[r][c - 7]) for r in leaves)) for c in range(7)]
    at = next(i for i, x in enumerate(table) if x is page.rows[leaves[0]])
    table[:] = [x for x in table if not any(x is page.rows[r] for r in leaves)]
    table.insert(at, ["", GROUP_LABELS[group], *sums])
    page.removed.update(leaves)
    page.taken.update(leaves)
    for c, col in enumerate(APPLICANTS):
        for r in leaves:
            page.expect("requests", r, col, "", "collapsed")
        page.expect("requests", group, col, sums[c])


def merged_residue(page: Page) -> None:
    """An empty cell between a label and its numbers (the label spans two columns)."""
    for r in ("总计", "本年新收政府信息公开申请数量", "不予处理/重复申请"):
        row = page.row(r)
        if row is not None:
            row.insert(page.label_at[r] + 1, "")
    # residue and a blank total: one cell too many, blank at both ends; the row's total decides
    r = "结转下年度继续办理"
    row = page.row(r)
    if row is not None:
        row[page.label_at[r] + 1 :] = ["", *row[-7:-1], ""]
        page.expect("requests", r, "总计", "")


PLACEHOLDERS = ("/", "—", "-", "－", "无", "——")


def placeholders(page: Page) -> None:
    """A placeholder for zero: each 0 printed in a section 三 row's first value cell is a dash,
    a slash or 无 (raw kept, no number); never a label, never shifts the row's numbers."""
    marks = itertools.cycle(PLACEHOLDERS)
    for r, row in page.rows.items():
        if r not in page.removed and row[-7] == "0":
            row[-7] = next(marks)
            page.expect("requests", r, APPLICANTS[0], row[-7])


def text_values(page: Page) -> None:
    """Chinese text in value cells stays text; white space inside one cell."""
    rep = page.rep
    item = "第二十条第（一）项"
    table = page.table(item)
    name = "规范性文件" if rep.version == "2019" else "行政规范性文件"
    row = next(x for x in table if x[0] == name)
    row[1:] = ["暂无", "暂无", "105"]
    cols = [k[2] for k in rep.expected if k[:2] == ("active", f"{item}/{name}")]
    for col, raw in zip(cols, row[1:], strict=True):
        page.expect("active", f"{item}/{name}", col, raw)
    if rep.version == "2019":
        table = page.table("第二十条第（六）项")
        row = next(x for x in table if x[0] == "行政处罚")
        row[1:] = ["11", "增加", "200"]
        for col, raw in zip(("上一年项目数量", "本年增/减", "处理决定数量"), row[1:], strict=True):
            page.expect("active", "第二十条第（六）项/行政处罚", col, raw)
    review = page.table("行政复议")
    review[-1][0] = "持平"  # the first value of section 四 is text, not a label
    page.expect("review_litigation", "数量", "行政复议/结果维持", "持平")
    cells = {
        ("予以公开", 0): ("2 0", "ambiguous"),
        ("予以公开", 1): ("增加", "ok"),
        ("部分公开", 0): ("1 234", "ok"),
        ("部分公开", 1): ("1，234", "ok"),
        ("部分公开", 2): ("5\u00a05", "ambiguous"),
        ("部分公开", 3): ("二十", "ok"),
    }
    for (r, c), (raw, status) in cells.items():
        row = page.row(r)
        if row is not None and (page.spaced or not re.search(r"\s", raw)):
            row[c - 7] = raw
            page.expect("requests", r, APPLICANTS[c], raw, status)


# the order classes compose in: rows moved or removed, then cells, then subtotals of the printed
# cells, then labels, then tables split (so each class sees the rows it edits in one table)
CLASSES = {
    f.__name__: f
    for f in (
        reordered,
        collapsed_group,
        blank_rows,
        text_values,
        merged_residue,
        placeholders,
        subtotal_row,
        typos,
        wrapped_labels,
        review_as_three_tables,
        requests_per_group,
    )
}


def printed(rep: Report, names: list[str] | tuple[str, ...], fmt: str = "") -> list:
    """The report's body with the named layout classes applied (in CLASSES order); one class
    alone must apply in full, combined classes skip what an earlier class already changed.
    For crawler text no cell holds white space ('2 0', '1 234'): the crawler prints a cell
    boundary the same way, so no reader could tell the two apart."""
    page = Page(rep, strict=len(names) == 1, spaced=fmt != "crawler")
    for name in CLASSES:
        if name in names:
            CLASSES[name](page)
    return page.body


# ---------------------------------------------------------------------- what was read vs printed

_HAN = re.compile(r"[\u4e00-\u9fff]")


def problems(report, rep: Report, pdf: bool = False) -> list[tuple[str, str]]:
    """Every way `report` differs from the printed page, worst first, as (kind, detail):

    - wrong: a cell read with a number (or status ok) the page did not print there;
    - leak: a cell's raw text holds Chinese text the page did not print in that cell (an
      ambiguous cell keeps its row's printed run: not in that row);
    - missing: a printed row reported missing (cells or structure.missing_rows);
    - blank: a printed cell left unread (ambiguous/blank, raw kept) — rule 1 allows it only
      where the page is genuinely ambiguous.
    """
    from govkit.textnorm import parse_number

    cells = report.cells.set_index(["table", "row", "col"])
    out: list[tuple[str, str]] = []
    row_text: dict[tuple[str, str], set[str]] = {}  # an ambiguous cell's raw is its row's run
    for key, want in rep.expected.items():
        raw = want[0] if isinstance(want, tuple) else want
        row_text.setdefault(key[:2], set()).update(_HAN.findall(raw))
    for key, want in rep.expected.items():
        raw, status = want if isinstance(want, tuple) else (want, "ok")
        if pdf:
            raw = raw.replace("\u00a0", " ")  # a PDF prints a no-break space as a space
        if key not in cells.index:  # printed, not read (no finding says the report lacks it)
            out.append(("blank", f"{'|'.join(key)}: not read, printed {raw!r} {status}"))
            continue
        got = cells.loc[key]
        # a run of digits split by the row's sums (crawler text) is a reading like ok
        read = "ok" if got.status == "segmented" else got.status
        value = parse_number(raw)[0] if status == "ok" else float("nan")
        where = (
            f"{'|'.join(key)}: read {got.raw!r}={got.value} {got.status}, printed {raw!r} {status}"
        )
        same = (value != value and got.value != got.value) or value == got.value
        if got.raw == raw and read == status and same:
            continue
        numbered = got.value == got.value
        if set(_HAN.findall(got.raw)) - (
            row_text[key[:2]] if got.status == "ambiguous" else set(raw)
        ):
            out.append(("leak", where))
        elif (numbered and not same) or (read == "ok" and (status, got.raw) != ("ok", raw)):
            out.append(("wrong", where))
        else:
            out.append(("blank", where))
    printed_rows = {k[1] for k in rep.expected if k[0] == "requests"} - {
        k[1] for k, w in rep.expected.items() if isinstance(w, tuple) and w[1] == "collapsed"
    }
    c = report.cells
    for row in sorted(set(c.row[(c.status == "missing") & c.row.isin(printed_rows)])):
        out.append(("missing", f"requests|{row}: cells missing"))
    findings = report.audit()
    named = findings[findings["rule"] == "structure.missing_rows"]
    for row in sorted(set(named.row) & printed_rows):
        out.append(("missing", f"requests|{row}: structure.missing_rows"))
    order = ["wrong", "leak", "missing", "blank"]
    return sorted(out, key=lambda p: order.index(p[0]))
