"""Unseen layouts, grid formats (issue 11 classes 1-5, issue 16 §1): each class of layout printed by
tests/layouts.py in HTML, markdown, web text and Word, for both templates; what govkit reads must be
what the page prints, cell by cell (raw text, value, status), and no printed row is `missing`."""

from __future__ import annotations

import math
import shutil
import subprocess
from collections.abc import Callable

import pytest

import govkit
from govkit.textnorm import label_key, parse_number, spaced_digits
from tests.layouts import APPLICANTS, GROUP_LABELS, RENDER, SUFFIX, Report, to_docx

FORMATS = list(RENDER)
Mutation = Callable[[Report], list]


def _rows_of(body: list, first: str) -> list[list[str]]:
    """The printed table whose first row starts with `first` (rows are edited in place)."""
    return next(t for t in body if isinstance(t, list) and t and t[0][0].startswith(first))


def _row(table: list[list[str]], label: str) -> list[str]:
    return next(r for r in table if any(c == label for c in r))


def _requests(rep: Report, body: list) -> list[list[str]]:
    return _rows_of(body, "（本列数据")


def _set(rep: Report, table: str, row: str, col: str, raw: str, status: str = "ok") -> None:
    rep.expected[(table, row, col)] = (raw, status)


def read(rep: Report, body: list, fmt: str, tmp_path):
    path = tmp_path / f"report{SUFFIX[fmt]}"
    out = RENDER[fmt](body)
    if isinstance(out, bytes):
        path.write_bytes(out)
    else:
        path.write_text(out, encoding="utf-8")
    return govkit.read_report(path)


def check(report, rep: Report, pdf: bool = False) -> None:
    cells = report.cells.set_index(["table", "row", "col"])
    wrong = []
    for key, want in rep.expected.items():
        raw, status = want if isinstance(want, tuple) else (want, "ok")
        if pdf:
            raw = raw.replace("\u00a0", " ")  # a PDF prints a no-break space as a space
        got = cells.loc[key]
        value = parse_number(raw)[0] if status == "ok" else math.nan
        same_value = (math.isnan(value) and math.isnan(got.value)) or value == got.value
        if got.raw != raw or got.status != status or not same_value:
            wrong.append((key, (raw, status, value), (got.raw, got.status, got.value)))
    assert not wrong, wrong[:5]
    printed = {k[1] for k, w in rep.expected.items() if k[0] == "requests"}
    missing = report.cells[(report.cells.status == "missing") & report.cells.row.isin(printed)]
    assert missing.empty, missing[["row", "col"]].head()


# ---------------------------------------------------------------- the classes of layout


def blank_rows(rep: Report) -> list:
    """Class 1: printed rows whose cells are all blank (&nbsp; in HTML)."""
    body = rep.body()
    table = _requests(rep, body)
    for r in (
        "不予公开/其他法律行政法规禁止公开",
        "不予公开/危及“三安全一稳定”",
        "不予处理/重复申请",
    ):
        row = _row(table, rep.labels[r])
        row[-7:] = [""] * 7
        for col in (k[2] for k in list(rep.expected) if k[:2] == ("requests", r)):
            _set(rep, "requests", r, col, "")
    # a blank row whose label is wrapped over two printed rows, two text cells in each (PDF)
    r = "不予处理/要求行政机关确认或重新出具已获取信息"
    row = _row(table, rep.labels[r])
    at = table.index(row)
    table[at : at + 1] = [
        ["", "（五）", "5.要求行政机关确认或", *[""] * 7],
        ["", "不予处理", "重新出具已获取信息", *[""] * 7],
    ]
    for col in APPLICANTS:
        _set(rep, "requests", r, col, "")
    active = next(t for t in body if isinstance(t, list) and any(r[0] == "行政强制" for r in t))
    row = _row(active, "行政强制")
    row[1:] = [""] * (len(row) - 1)
    for key in [k for k in rep.expected if k[1].endswith("/行政强制")]:
        _set(rep, *key, "")
    return body


def review_as_three_tables(rep: Report) -> list:
    """Class 2: section 四 printed as three small tables, each with its own 5-column header."""
    body = rep.body()
    k = next(i for i, t in enumerate(body) if isinstance(t, list) and t[0][0] == "行政复议")
    res = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    titles = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
    parts: list = []
    for title, block in zip(titles, rep.review, strict=True):
        parts += [title, [res, block]]
    body[k : k + 1] = parts
    return body


def requests_per_group(rep: Report) -> list:
    """Class 2: section 三 as one table per row group, placeholder or wrong header rows."""
    body = rep.body()
    k = next(i for i, t in enumerate(body) if isinstance(t, list) and t[0][0].startswith("（本列"))
    rows = rep.request_rows()
    groups: list[list[list[str]]] = [[]]
    for row in rows:
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
    return body


def typos(rep: Report) -> list:
    """Class 3: heading and label typos, stray spaces, renumbered sub-rows."""
    rep.headings[3] = "四、政府信息公开行政法复议、行政诉讼情况"
    body = rep.body()
    table = _requests(rep, body)
    edits = {
        "不予公开/其他法律行政法规禁止公开": "2.其他法律行政止公开",
        "不予处理/无正当理由大量反复申请": "4.无正当理由大量反复 申请",
        "不予公开/属于国家秘密": "①属于国家秘密",
        "无法提供/本机关不掌握相关政府信息": "1、本机关不掌握相关政府信息",
        "不予处理/重复申请": "（2）重复申请",
    }
    if rep.version == "2021":
        edits["其他处理/其他"] = "（3）其他"
    for r, text in edits.items():
        row = _row(table, rep.labels[r])
        row[row.index(rep.labels[r])] = text
    return body


def wrapped_labels(rep: Report) -> list:
    """Class 3: a label wrapped into the next cell, over two printed rows, cut by a page break."""
    body = rep.body()
    table = _requests(rep, body)
    row = _row(table, rep.labels["不予处理/无正当理由大量反复申请"])
    j = row.index(rep.labels["不予处理/无正当理由大量反复申请"])
    row[j : j + 1] = ["4.无正当理由大量反复", "申请"]
    # the template's aside wrapped into the next cell inside its bracket
    label = rep.labels["部分公开"]
    row = _row(table, label)
    j = row.index(label)
    row[j : j + 1] = [label + "（区分处理的，", "只计这一情形，不计其他情形）"]
    label = rep.labels["不予处理/要求行政机关确认或重新出具已获取信息"]
    row = _row(table, label)
    j = row.index(label)
    row[j] = "5.要求行政机关确认或"
    table.insert(table.index(row) + 1, ["", "", "重新出具已获取信息", *[""] * 7])
    first = _row(table, GROUP_LABELS["无法提供"])
    first[first.index(GROUP_LABELS["无法提供"])] = "（四）无"
    second = _row(table, rep.labels["无法提供/没有现成信息需要另行制作"])
    second[1] = "法提供"
    # cut inside its key words by a page break: "3.补" beside the numbers, the rest below
    label = rep.labels["无法提供/补正后申请内容仍不明确"]
    row = _row(table, label)
    row[row.index(label)] = "3.补"
    table.insert(table.index(row) + 1, ["正后申请内容仍不明确", ""])
    # the group's name with a cut first sub-row label: "（五）不予处理 | 1.信 | …"
    label = rep.labels["不予处理/信访举报投诉类申请"]
    row = _row(table, label)
    row[row.index(label)] = "1.信"
    table.insert(table.index(row) + 1, ["访举报投诉类申请", ""])
    # the numbers beside the first part, the rest on the next printed row, which names nothing
    label = rep.labels["不予公开/属于行政执法案卷"]
    row = _row(table, label)
    row[row.index(label)] = "7.属于行政"
    table.insert(table.index(row) + 1, ["", "", "执法案卷", *[""] * 7])
    return body


def reordered(rep: Report) -> list:
    """Class 3: sub-rows printed in another order are matched by meaning, not position."""
    body = rep.body()
    table = _requests(rep, body)
    for group in ("不予公开", "不予处理"):
        leaves = [r for r in rep.requests if r.startswith(group + "/")]
        rows = [_row(table, rep.labels[r]) for r in leaves]
        at = table.index(rows[0])
        lead = rows[0][: rows[0].index(rep.labels[leaves[0]])]
        for row in rows:
            table.remove(row)
            row[: row.index(next(c for c in row if c in rep.labels.values()))] = [""] * len(lead)
        rows.reverse()
        rows[0][: len(lead)] = lead  # the group's name stays in its first printed row
        table[at:at] = rows
    return body


def subtotal_row(rep: Report) -> list:
    """Class 3: an extra subtotal row above the group's sub-rows; never taken for a sub-row."""
    body = rep.body()
    table = _requests(rep, body)
    first = _row(table, GROUP_LABELS["不予公开"])
    first[first.index(GROUP_LABELS["不予公开"])] = ""
    leaves = [r for r in rep.requests if r.startswith("不予公开/")]
    sums = [str(sum(int(rep.requests[r][c]) for r in leaves)) for c in range(7)]
    table.insert(table.index(first), ["", "（三）不予公开 小计", *sums])
    first[first.index(rep.labels[leaves[0]])] = ""  # its first sub-row's label torn away
    return body


def collapsed_group(rep: Report) -> list:
    """Class 4: a group printed as one row (the 2019 layout of （六）其他处理), sub-rows absent."""
    body = rep.body()
    table = _requests(rep, body)
    group = "其他处理" if rep.version == "2021" else "无法提供"
    leaves = [r for r in rep.requests if r.startswith(group + "/")]
    sums = [str(sum(int(rep.requests[r][c]) for r in leaves)) for c in range(7)]
    at = table.index(_row(table, rep.labels[leaves[0]]))
    for r in leaves:
        table.remove(_row(table, rep.labels[r]))
    table.insert(at, ["", GROUP_LABELS[group], *sums])
    for c, col in enumerate(APPLICANTS):
        for r in leaves:
            _set(rep, "requests", r, col, "", "collapsed")
        _set(rep, "requests", group, col, sums[c])
    return body


def merged_residue(rep: Report) -> list:
    """Class 5: an empty cell between a label and its numbers (the label spans two columns)."""
    body = rep.body()
    table = _requests(rep, body)
    for r in ("总计", "本年新收政府信息公开申请数量", "不予处理/重复申请"):
        row = _row(table, rep.labels[r])
        row.insert(row.index(rep.labels[r]) + 1, "")
    # residue and a blank total: one cell too many, blank at both ends; the row's total decides
    r = "结转下年度继续办理"
    row = _row(table, rep.labels[r])
    row[row.index(rep.labels[r]) + 1 :] = ["", *rep.requests[r][:6], ""]
    _set(rep, "requests", r, "总计", "")
    return body


def text_values(rep: Report) -> list:
    """Issue 16 §1: Chinese text in value cells stays text; white space inside one cell."""
    body = rep.body()
    item = "第二十条第（一）项"
    table = _rows_of(body, item)
    name = "规范性文件" if rep.version == "2019" else "行政规范性文件"
    row = _row(table, name)
    row[1:] = ["暂无", "暂无", "105"]
    for col, raw in zip(
        ("本年新制作数量", "本年新公开数量", "对外公开总数量"), row[1:], strict=True
    ):
        if ("active", f"{item}/{name}", col) in rep.expected:
            _set(rep, "active", f"{item}/{name}", col, raw)
    for col, raw in zip(("本年制发件数", "本年废止件数", "现行有效件数"), row[1:], strict=True):
        if ("active", f"{item}/{name}", col) in rep.expected:
            _set(rep, "active", f"{item}/{name}", col, raw)
    if rep.version == "2019":
        table = _rows_of(body, "第二十条第（六）项")
        row = _row(table, "行政处罚")
        row[1:] = ["11", "增加", "200"]
        for col, raw in zip(("上一年项目数量", "本年增/减", "处理决定数量"), row[1:], strict=True):
            _set(rep, "active", "第二十条第（六）项/行政处罚", col, raw)
    review = _rows_of(body, "行政复议")
    review[-1][0] = "持平"  # the first value of section 四 is text, not a label
    _set(rep, "review_litigation", "数量", "行政复议/结果维持", "持平")
    table = _requests(rep, body)
    cells = {
        ("予以公开", 0): ("2 0", "ambiguous"),
        ("予以公开", 1): ("增加", "ok"),
        ("部分公开", 0): ("1 234", "ok"),
        ("部分公开", 1): ("1，234", "ok"),
        ("部分公开", 2): ("5\u00a05", "ambiguous"),
        ("部分公开", 3): ("二十", "ok"),
    }
    for (r, c), (raw, status) in cells.items():
        row = _row(table, rep.labels[r])
        row[row.index(rep.labels[r]) + 1 + c] = raw
        _set(rep, "requests", r, ["自然人", "商业企业", "科研机构", "社会公益组织"][c], raw, status)
    return body


CLASSES: dict[str, Mutation] = {
    f.__name__: f
    for f in (
        blank_rows,
        review_as_three_tables,
        requests_per_group,
        typos,
        wrapped_labels,
        reordered,
        subtotal_row,
        collapsed_group,
        merged_residue,
        text_values,
    )
}


@pytest.mark.parametrize(
    "fmt,version", [(f, v) for f in FORMATS for v in ("2019", "2021") if f != "docx" or v == "2021"]
)
@pytest.mark.parametrize("name", list(CLASSES))
def test_layout_class_reads_as_printed(name, fmt, version, tmp_path):
    rep = Report(version, seed=len(name))
    body = CLASSES[name](rep)
    check(read(rep, body, fmt, tmp_path), rep)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """Every class printed in Word and exported to PDF by LibreOffice in one run (as an agency
    drafting in Word and publishing a PDF would; tests/fixtures are made the same way)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path_factory.mktemp("layouts-pdf")
    for name, mutate in CLASSES.items():
        (out / f"{name}.docx").write_bytes(to_docx(mutate(Report("2021", seed=len(name)))))
    docs = sorted(str(p) for p in out.glob("*.docx"))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), *docs],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


@pytest.mark.parametrize("name", list(CLASSES))
def test_layout_class_reads_as_printed_in_pdf(name, pdfs):
    rep = Report("2021", seed=len(name))
    CLASSES[name](rep)
    check(govkit.read_report(pdfs / f"{name}.pdf"), rep, pdf=True)


@pytest.mark.parametrize("fmt", ["html", "markdown", "text"])
def test_tolerant_matches_are_noted(fmt, tmp_path):
    rep = Report("2021", seed=3)
    report = read(rep, typos(rep), fmt, tmp_path)
    notes = report.notes
    assert notes.message.str.contains("政府信息公开行政法复议").any()
    row = notes[notes.row == "不予公开/其他法律行政法规禁止公开"]
    assert row.message.str.contains("其他法律行政止公开").any()
    assert row.message_en.str.contains("nearest template row").any()


@pytest.mark.parametrize("fmt", ["html", "markdown", "text"])
def test_collapsed_group_and_subtotal_are_noted(fmt, tmp_path):
    rep = Report("2021", seed=4)
    notes = read(rep, collapsed_group(rep), fmt, tmp_path).notes
    assert (notes.row == "其他处理").sum() == 1
    assert notes[notes.row == "其他处理"].message_en.str.contains("one row").all()
    rep = Report("2021", seed=4)
    notes = read(rep, subtotal_row(rep), fmt, tmp_path).notes
    assert notes[notes.row == "不予公开"].message_en.str.contains("subtotal").all()


def test_two_labels_never_claim_one_row(tmp_path):
    """A tolerant label yields to an exact one: the row keeps the exactly labelled numbers."""
    rep = Report("2021", seed=5)
    body = rep.body()
    table = _requests(rep, body)
    row = _row(table, rep.labels["不予公开/属于国家秘密"])
    extra = ["", "", "2.其他法律行政止公开", *["9"] * 7]  # near 2.…禁止公开, printed as well
    table.insert(table.index(row) + 1, extra)
    report = read(rep, body, "html", tmp_path)
    check(report, rep)


@pytest.mark.parametrize(
    "printed,key",
    [
        ("（3）其他", "其他"),
        ("③其他", "其他"),
        ("⑶其他", "其他"),
        ("1、属于国家秘密", "属于国家秘密"),
    ],
)
def test_renumbered_labels_compare_equal(printed, key):
    """Sub-rows renumbered 1、 （1） ①: the numbering is not part of the label (其他 is matched whole)."""
    assert label_key(printed) == key


@pytest.mark.parametrize(
    "raw,value,spaced",
    [
        ("1 234", 1234.0, False),
        ("1,234", 1234.0, False),
        ("1，234", 1234.0, False),
        ("1\u00a0234", 1234.0, False),
        ("12 件", 12.0, False),
        ("2 0", math.nan, True),
        ("5\n5", math.nan, True),
        ("5\u30005", math.nan, True),
        ("1 23", math.nan, True),
        ("1,23", math.nan, True),
    ],
)
def test_white_space_between_digits(raw, value, spaced):
    got = parse_number(raw)[0]
    assert (math.isnan(got) and math.isnan(value)) or got == value
    assert spaced_digits(raw) is spaced
