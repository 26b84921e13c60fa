"""A small printer of template reports, for layout tests: the tables as rows of cell texts, then
rendered as a web page (HTML), OCR-style markdown, text copied from a web page, or Word.

Numbers are made up from a seed and satisfy every template identity, so a layout test compares
what govkit reads with what was printed, cell by cell, without any real report's quirks.
"""

from __future__ import annotations

import html
import io
import random

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


RENDER = {"html": to_html, "markdown": to_markdown, "text": to_text, "docx": to_docx}
SUFFIX = {"html": ".html", "markdown": ".md", "text": ".txt", "docx": ".docx"}


def cut_short(table: Rows, label: str, at: int) -> None:
    """A row whose label is cut after `at` characters, the rest on the next printed row (a page
    break, a wrap in a narrow cell), and whose last cell the reader did not see (a blank total a
    PDF lost): 'label[:at] | v1 … v6', then 'label[at:] | '. Its cells cannot be placed."""
    row = next(r for r in table if label in r)
    j = row.index(label)
    row[j] = label[:at]
    del row[-1]
    table.insert(table.index(row) + 1, [*[""] * j, label[at:], ""])
