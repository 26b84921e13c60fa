"""Readers read what a person sees (issue 16 §1), refuse what is not a file (§3), name what they
cannot decode (§4) and count a .docx's rows before building it (§2).

Every case changes one cell of the seed report — 行政处罚 上一年项目数量, printed 11 — in its HTML
and Word versions, and checks that cell (and that every other cell stays the seed's).
"""

from __future__ import annotations

import errno
import os
import re
import threading
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import govkit
from govkit import limits
from govkit.errors import InputError
from govkit.io import docx as docx_reader
from govkit.io import load, parse_document

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "data" / "2020_ninghe_zaojiachengzhen.html"
TEXT = ROOT / "data" / "2020_ninghe_zaojiachengzhen.txt"
DOCX = ROOT / "tests" / "fixtures" / "2020_ninghe_zaojiachengzhen.docx"
KEY = ("active", "第二十条第（六）项/行政处罚", "上一年项目数量")
COMPARED = ["table", "row", "col", "value", "raw", "status"]
HTML_CELL = '<p style="text-align:center;">行政处罚</p></td>\n<td style="border:1px solid #000;padding:0 5.4pt;" valign="middle"><p style="text-align:center;">11</p>'


@pytest.fixture(scope="module")
def seed_cells() -> pd.DataFrame:
    return govkit.read_report(HTML).cells[COMPARED]


def _html_with(cell: str) -> str:
    page = HTML.read_text(encoding="utf-8")
    assert page.count(HTML_CELL) == 1
    return page.replace(HTML_CELL, HTML_CELL.replace(">11</p>", f">{cell}</p>"))


def _cell(rep: govkit.Report) -> pd.Series:
    return rep.cells.set_index(["table", "row", "col"]).loc[KEY]


def _same_elsewhere(rep: govkit.Report, seed_cells: pd.DataFrame) -> None:
    """Every cell but the changed one is the seed's."""
    got = rep.cells[COMPARED].set_index(["table", "row", "col"]).drop(KEY)
    want = seed_cells.set_index(["table", "row", "col"]).drop(KEY)
    pd.testing.assert_frame_equal(got, want)


# ---------------------------------------------------------------- HTML: what a browser shows

HIDDEN_HTML = {
    "display-none": '1<span style="display:none">9</span>1',
    "display-none-upper": '1<span style="DISPLAY: none">9</span>1',
    "display-none-important": '1<font style="color:red; display : none !important">9</font>1',
    "visibility-hidden": '1<span style="visibility:hidden">9</span>1',
    "hidden-attribute": "1<span hidden>9</span>1",
    "del": "1<del>9</del>1",
    "s": "1<s>9</s>1",
    "strike": "1<strike>9</strike>1",
    "line-through": '1<span style="text-decoration: line-through">9</span>1',
    "template": "1<template>9</template>1",
    "noscript": "1<noscript>9</noscript>1",
    "ruby-rt": "<ruby>1<rp>(</rp><rt>9</rt><rp>)</rp></ruby>1",
    "comment": "1<!-- 9 -->1",
    "script": "1<script>var x = 9;</script>1",
    "style": "1<style>.x{width:9px}</style>1",
    "hidden-subtree": '1<span style="display:none"><b>9</b><i>9</i></span>1',
    "many-hidden-one-style": "1" + '<span style="display:none">9</span>' * 40 + "1",
    "hidden-styles-differ": '1<i style="display:none">9</i><b style="Display: None;">9</b>1',
    # no "none" anywhere in the page: the hiding styles' elements are found by a second search
    "display-none-all-caps": '1<span style="DISPLAY:NONE">9</span>1',
    "visibility-collapse-all-caps": '1<span style="VISIBILITY:COLLAPSE">9</span>1',
    "line-through-all-caps": '1<span style="TEXT-DECORATION: LINE-THROUGH">9</span>1',
}


@pytest.mark.parametrize("cell", HIDDEN_HTML.values(), ids=HIDDEN_HTML.keys())
def test_html_text_a_browser_hides_is_not_read(cell, seed_cells):
    rep = govkit.parse_report(_html_with(cell))
    got = _cell(rep)
    assert (got.value, got.raw, got.status) == (11, "11", "ok")
    _same_elsewhere(rep, seed_cells)


LINE_BREAKS = {
    "br": "1<br>1",
    "br-closed": "1<br/>1",
    "two-p": "1</p><p>1",
    "two-div": "<div>1</div><div>1</div>",
    "hr": "1<hr>1",
    "li": "<ul><li>1</li><li>1</li></ul>",
    "nested-1x2-table": "<table><tr><td>1</td><td>1</td></tr></table>",
    "nested-2x1-table": "<table><tr><td>1</td></tr><tr><td>1</td></tr></table>",
}


@pytest.mark.parametrize("cell", LINE_BREAKS.values(), ids=LINE_BREAKS.keys())
def test_html_line_breaks_in_a_cell_are_kept(cell):
    """What a browser shows on two lines is two lines of the cell, never "11" (the matcher then
    marks it ambiguous, CONTRACTS.md)."""
    raw = _cell(govkit.parse_report(_html_with(cell))).raw
    assert [line.strip() for line in raw.splitlines() if line.strip()] == ["1", "1"], raw


def test_html_small_nested_table_is_the_cells_text(seed_cells):
    rep = govkit.parse_report(_html_with("<table><tr><td>11</td></tr></table>"))
    assert _cell(rep).value == 11
    _same_elsewhere(rep, seed_cells)


def test_html_larger_nested_table_is_a_table_of_its_own():
    page = "<table><tr><td>规章</td><td>5<table><tr><td>9</td><td>8</td></tr><tr><td>7</td><td>6</td></tr></table></td></tr><tr><td>规范性文件</td><td>4</td></tr></table>"
    rows = [[(c.text.strip(), c.ref) for c in row] for row in load(page.encode()).rows]
    assert rows == [
        [("规章", "table 1 row 1 col 1"), ("5", "table 1 row 1 col 2")],
        [("9", "table 2 row 1 col 1"), ("8", "table 2 row 1 col 2")],
        [("7", "table 2 row 2 col 1"), ("6", "table 2 row 2 col 2")],
        [("规范性文件", "table 1 row 2 col 1"), ("4", "table 1 row 2 col 2")],
    ]


FRAMES = {
    "1x1": ("<table><tr><td>", "</td></tr></table>"),
    "spacer-cells": ('<table><tr><td width="20"></td><td>', "</td><td>&nbsp;</td></tr></table>"),
    "one-column": ("<table><tr><td>网站首页</td></tr><tr><td>", "</td></tr></table>"),
}


@pytest.mark.parametrize(("before", "after"), FRAMES.values(), ids=FRAMES.keys())
def test_html_report_inside_a_layout_table_reads(before, after, seed_cells):
    page = HTML.read_text(encoding="utf-8")
    body = re.search(r"(?s)<body[^>]*>(.*)</body>", page)
    framed = page[: body.start(1)] + before + body[1] + after + page[body.end(1) :]
    got = govkit.parse_report(framed).cells[COMPARED]
    pd.testing.assert_frame_equal(got, seed_cells)


def test_html_body_hidden_until_a_script_runs_is_read(seed_cells):
    page = HTML.read_text(encoding="utf-8").replace("<body>", '<body style="display:none">', 1)
    assert 'style="display:none"' in page
    pd.testing.assert_frame_equal(govkit.parse_report(page).cells[COMPARED], seed_cells)


# ---------------------------------------------------------------- Word: what Word shows

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DOCX_RUN = "<w:r><w:rPr></w:rPr><w:t>11</w:t></w:r>"


def _docx_with(tmp_path: Path, runs: str, *, styles: str = "", name: str = "x.docx") -> Path:
    """The seed .docx with the 行政处罚 上一年项目数量 cell's run replaced by `runs`."""
    out = tmp_path / name
    with zipfile.ZipFile(DOCX) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                at = xml.index(DOCX_RUN, xml.index("行政处罚"))
                data = (xml[:at] + runs + xml[at + len(DOCX_RUN) :]).encode("utf-8")
            elif info.filename == "word/styles.xml" and styles:
                data = data.replace(b"</w:styles>", styles.encode("utf-8") + b"</w:styles>")
            dst.writestr(info, data)
    return out


@pytest.fixture(scope="module")
def docx_cells() -> pd.DataFrame:
    return govkit.read_report(DOCX).cells[COMPARED]


def _r(text: str, props: str = "") -> str:
    return f"<w:r><w:rPr>{props}</w:rPr><w:t>{text}</w:t></w:r>"


SHOWN_DOCX = {
    "ins": f'<w:ins w:id="1" w:author="a" w:date="2021-01-01T00:00:00Z">{_r("11")}</w:ins>',
    "moveTo": f'<w:moveTo w:id="1" w:author="a">{_r("11")}</w:moveTo>',
    "fldSimple": f'<w:fldSimple w:instr=" =5+6 ">{_r("11")}</w:fldSimple>',
    "complex-field": (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> =9+9 </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{_r("11")}'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    ),
    "smartTag": f'<w:smartTag w:uri="urn:x" w:element="n">{_r("11")}</w:smartTag>',
    "sdt": f"<w:sdt><w:sdtPr><w:alias w:val='n'/></w:sdtPr><w:sdtContent>{_r('11')}</w:sdtContent></w:sdt>",
    "hyperlink": f'<w:hyperlink w:anchor="x">{_r("11")}</w:hyperlink>',
    "customXml": f'<w:customXml w:element="n">{_r("11")}</w:customXml>',
    "nested-1x1-table": (
        f"</w:p><w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc><w:p>{_r('11')}</w:p>"
        "</w:tc></w:tr></w:tbl><w:p>"
    ),
    "hidden-run": _r("1") + _r("9", "<w:vanish/>") + _r("1"),
    "hidden-run-toggled-off-is-shown": _r("1") + _r("1", '<w:vanish w:val="0"/>'),
    "del": _r("1")
    + '<w:del w:id="1" w:author="a"><w:r><w:delText>9</w:delText></w:r></w:del>'
    + _r("1"),
    "del-with-t": _r("1") + '<w:del w:id="1" w:author="a">' + _r("9") + "</w:del>" + _r("1"),
    "moveFrom": _r("1")
    + '<w:moveFrom w:id="1" w:author="a">'
    + _r("9")
    + "</w:moveFrom>"
    + _r("1"),
    "ruby": _r("1")
    + f"<w:r><w:ruby><w:rt>{_r('9')}</w:rt><w:rubyBase>{_r('1')}</w:rubyBase></w:ruby></w:r>",
}


@pytest.mark.parametrize("runs", SHOWN_DOCX.values(), ids=SHOWN_DOCX.keys())
def test_word_reads_what_word_shows(runs, tmp_path, docx_cells):
    rep = govkit.read_report(_docx_with(tmp_path, runs))
    got = _cell(rep)
    assert (got.value, got.raw, got.status) == (11, "11", "ok")
    _same_elsewhere(rep, docx_cells)


HIDING_STYLES = {
    "character-style": (
        '<w:style w:type="character" w:styleId="Secret"><w:name w:val="Secret"/><w:rPr><w:vanish/></w:rPr></w:style>',
        _r("1") + _r("9", '<w:rStyle w:val="Secret"/>') + _r("1"),
    ),
    "inherited-character-style": (
        '<w:style w:type="character" w:styleId="Secret"><w:rPr><w:vanish/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="Child"><w:basedOn w:val="Secret"/></w:style>',
        _r("1") + _r("9", '<w:rStyle w:val="Child"/>') + _r("1"),
    ),
    "style-overridden-by-the-run": (
        '<w:style w:type="character" w:styleId="Secret"><w:rPr><w:vanish/></w:rPr></w:style>',
        _r("1") + _r("1", '<w:rStyle w:val="Secret"/><w:vanish w:val="false"/>'),
    ),
    "paragraph-style": (
        '<w:style w:type="paragraph" w:styleId="Gone"><w:rPr><w:vanish/></w:rPr></w:style>',
        _r("11") + '</w:p><w:p><w:pPr><w:pStyle w:val="Gone"/></w:pPr>' + _r("9"),
    ),
}


@pytest.mark.parametrize(("styles", "runs"), HIDING_STYLES.values(), ids=HIDING_STYLES.keys())
def test_word_text_hidden_by_a_style_is_not_read(styles, runs, tmp_path):
    got = _cell(govkit.read_report(_docx_with(tmp_path, runs, styles=styles)))
    assert (got.value, got.raw) == (11, "11")


@pytest.mark.parametrize(
    "runs",
    [_r("1") + "</w:p><w:p>" + _r("1"), _r("1") + "<w:r><w:br/></w:r>" + _r("1")],
    ids=["two-paragraphs", "line-break"],
)
def test_word_lines_in_a_cell_are_kept(runs, tmp_path):
    raw = _cell(govkit.read_report(_docx_with(tmp_path, runs))).raw
    assert raw.splitlines() == ["1", "1"]


def test_word_report_inside_a_1x1_layout_table_reads(tmp_path, docx_cells):
    """Today's Word writes a whole report into one table cell when it is laid out in a frame."""
    out = tmp_path / "framed.docx"
    with zipfile.ZipFile(DOCX) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                start = xml.index("<w:body>") + len("<w:body>")
                end = xml.index("<w:sectPr")
                xml = (
                    xml[:start]
                    + "<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc>"
                    + xml[start:end]
                    + "<w:p/></w:tc></w:tr></w:tbl>"
                    + xml[end:]
                )
                data = xml.encode("utf-8")
            dst.writestr(info, data)
    pd.testing.assert_frame_equal(govkit.read_report(out).cells[COMPARED], docx_cells)


def test_word_rows_are_counted_before_the_document_is_built(tmp_path, monkeypatch):
    rows = "<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>" * 3000
    xml = (
        f'<?xml version="1.0"?><w:document {W}><w:body><w:tbl>{rows}</w:tbl></w:body></w:document>'
    )
    path = tmp_path / "rows.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", xml)
    monkeypatch.setattr(limits, "MAX_ROWS", 2000)
    built = []
    monkeypatch.setattr(docx_reader.etree, "fromstring", lambda *a, **k: built.append(1))
    with pytest.raises(InputError, match="MAX_ROWS"):
        govkit.read_report(path)
    assert not built  # refused from the byte count, no tree made


def test_word_main_part_named_by_the_package(tmp_path, docx_cells):
    """The main part is where _rels/.rels says, not always word/document.xml."""
    out = tmp_path / "renamed.docx"
    with zipfile.ZipFile(DOCX) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            name = info.filename.replace("word/document.xml", "word/document2.xml").replace(
                "word/_rels/document.xml.rels", "word/_rels/document2.xml.rels"
            )
            data = data.replace(b"/word/document.xml", b"/word/document2.xml")
            data = data.replace(b'Target="word/document.xml"', b'Target="word/document2.xml"')
            dst.writestr(name, data)
    pd.testing.assert_frame_equal(govkit.read_report(out).cells[COMPARED], docx_cells)


# ---------------------------------------------------------------- files that are not files


def _fifo_writer(path: Path, stop: threading.Event) -> None:
    """Unblocks a reader stuck on the FIFO (the old behaviour) so the test ends either way."""
    while not stop.is_set():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:  # ENXIO: no reader yet
                return
            time.sleep(0.05)
            continue
        os.close(fd)
        return


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("via_symlink", [False, True], ids=["fifo", "symlink-to-fifo"])
def test_fifo_is_refused_without_blocking(tmp_path, via_symlink):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    path = fifo
    if via_symlink:
        path = tmp_path / "link.html"
        path.symlink_to(fifo)
    stop = threading.Event()
    writer = threading.Thread(target=_fifo_writer, args=(fifo, stop), daemon=True)
    writer.start()
    try:
        with pytest.raises(InputError, match=r"不是普通文件.*not a regular file") as info:
            govkit.read_report(path)
    finally:
        stop.set()
        writer.join(5)
    assert str(path) in str(info.value) and "FIFO" in str(info.value)


@pytest.mark.parametrize(
    "device", ["/dev/null"]
)  # /dev/zero too, but a regression would eat memory
def test_device_or_symlink_to_one_is_refused(tmp_path, device):
    if not Path(device).exists():
        pytest.skip(f"{device} absent")
    link = tmp_path / "report.pdf"
    link.symlink_to(device)
    for path in (Path(device), link):
        with pytest.raises(InputError, match=r"不是普通文件.*设备.*not a regular file"):
            govkit.read_report(path)


@pytest.mark.parametrize(
    ("err", "zh", "en"),
    [
        (errno.EACCES, "没有读取权限", "permission denied"),
        (errno.EIO, "输入/输出错误", "I/O error"),
        (errno.ENOSPC, "无法打开或读取", "cannot open or read"),
    ],
    ids=["permission", "eio", "other"],
)
def test_os_errors_are_input_errors_naming_the_file(monkeypatch, err, zh, en):
    """Running as root, permissions cannot be denied for real: the open fails as the OS would."""

    def failing(*args, **kwargs):
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(os, "open", failing)
    with pytest.raises(InputError) as info:
        govkit.read_report(TEXT)
    assert zh in info.value.zh and en in info.value.en and info.value.source == str(TEXT)


def test_read_error_midway_is_an_input_error(monkeypatch):
    def failing(fd, n):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "read", failing)
    with pytest.raises(InputError, match="输入/输出错误"):
        govkit.read_report(TEXT)


def test_unreadable_file_does_not_lose_the_others(tmp_path):
    fifo = tmp_path / "b.txt"
    os.mkfifo(fifo)
    cells, failures = govkit.read_reports([TEXT, fifo])
    assert set(cells["source"]) == {str(TEXT)}
    assert failures["source"].tolist() == [str(fifo)]
    assert "not a regular file" in failures["message"][0]


# ---------------------------------------------------------------- encodings govkit does not read

TRADITIONAL = (
    "政府資訊公開工作年度報告。本年度，本機關依據《政府資訊公開條例》規定，主動公開政府資訊，"
    "收到申請共計二十件，辦結十八件。\n"
) * 30


@pytest.mark.parametrize(
    ("encode", "name"),
    [
        (lambda t: t.encode("utf-32"), "UTF-32"),
        (lambda t: t.encode("utf-32-le"), "UTF-32"),
        (lambda t: t.encode("utf-32-be"), "UTF-32"),
        (lambda t: t.encode("hz", errors="replace"), "HZ"),
        (lambda t: TRADITIONAL.encode("big5"), "Big5"),
        (lambda t: t.encode("big5", errors="replace"), "Big5"),
    ],
    ids=["utf-32-bom", "utf-32-le", "utf-32-be", "hz", "big5", "big5-of-the-seed"],
)
def test_unsupported_encodings_are_named(tmp_path, encode, name):
    path = tmp_path / "report.txt"
    path.write_bytes(encode(TEXT.read_text(encoding="utf-8")))
    with pytest.raises(InputError, match="不支持的编码") as info:
        govkit.read_report(path)
    assert name in str(info.value) and "unsupported encoding" in info.value.en


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_supported_encodings_still_read(tmp_path, encoding, seed):
    path = tmp_path / "report.html"
    text = HTML.read_text(encoding="utf-8").replace("\u00a0", " ")
    path.write_bytes(text.encode(encoding))
    got = govkit.read_report(path).cells[COMPARED]
    want = govkit.parse_report(text).cells[COMPARED]
    pd.testing.assert_frame_equal(got, want)


def test_encrypted_office_file_is_named(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 512
        + "EncryptedPackage".encode("utf-16-le")
        + b"\0" * 512
    )
    with pytest.raises(InputError, match=r"加密.*password-protected"):
        govkit.read_report(path)


# ---------------------------------------------------------------- the readers' own marker characters


@pytest.mark.parametrize(
    "cell", ["1\ufdd41", "1&#xFDD4;1", "1&#xfdd2;1", "1&#64976;1", "\ufdd0\ufdd21\ufdd31\ufdd1"]
)
def test_html_marker_characters_in_the_page_are_dropped(cell, seed_cells):
    """The readers split their text at Unicode noncharacters; a page holding them (written out or
    as character references) must neither crash the reader nor fake rows or cells."""
    rep = govkit.parse_report(_html_with(cell))
    assert (_cell(rep).value, _cell(rep).raw) == (11, "11")
    _same_elsewhere(rep, seed_cells)


@pytest.mark.parametrize("text", ["1\ufdd41", "1&#xFDD4;1", "\ufdd0\ufdd21\ufdd31\ufdd1"])
def test_word_marker_characters_in_the_document_are_dropped(text, tmp_path):
    got = _cell(govkit.read_report(_docx_with(tmp_path, _r(text))))
    assert (got.value, got.raw) == (11, "11")


# ---------------------------------------------------------------- an HTML file is read as its text

PAGE_VARIANTS = {
    **{f"cell-{k}": v for k, v in {**HIDDEN_HTML, **LINE_BREAKS}.items()},
    "cell-marker": "1\ufdd41",
    "cell-marker-reference": "1&#xFDD4;1",
}
PAGE_STARTS = {
    "xml-declaration": '<?xml version="1.0" encoding="gbk"?>\n',
    "marker-then-xml-declaration": '\ufdd0<?xml version="1.0"?>\n',
    "meta-charset-gbk": '<meta charset="gbk">',
}


def _same_as_text(page: str, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(page.encode(encoding))
    got, want = load(path), parse_document(page)
    assert got.rows == want.rows
    assert (got.published, got.dropped) == (want.published, want.dropped)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("cell", PAGE_VARIANTS.values(), ids=PAGE_VARIANTS.keys())
def test_html_file_reads_as_the_same_page_given_as_text(cell, encoding, tmp_path):
    """A UTF-8 file is parsed from its bytes (libxml2 reads UTF-8 as it is), other encodings
    from the decoded text: what is hidden, broken into lines or dropped is the same either way."""
    _same_as_text(_html_with(cell), tmp_path, encoding)


@pytest.mark.parametrize("where", [0.5, 0.99])
@pytest.mark.parametrize("kept", [1, 2])
def test_html_file_cut_inside_a_character_reads_as_its_text(where, kept, tmp_path):
    """A download cut inside a Chinese character: the text drops the half character (encoding
    module), and so must the bytes the HTML parser reads, never a replacement character."""
    data = _html_with("11").encode("utf-8")
    at = int(len(data) * where)
    at = data.index("政".encode(), at) if "政".encode() in data[at:] else data.rindex("政".encode())
    path = tmp_path / "cut.html"
    path.write_bytes(data[: at + kept])
    got, want = load(path), parse_document(data[:at].decode("utf-8"))
    assert got.rows == want.rows
    assert "\ufffd" not in got.text


@pytest.mark.parametrize("start", PAGE_STARTS.values(), ids=PAGE_STARTS.keys())
def test_html_file_start_reads_as_the_same_page_given_as_text(start, tmp_path):
    page = start + _html_with("11")
    _same_as_text(page, tmp_path, "utf-8")
    assert _cell(govkit.read_report(tmp_path / "page.html")).value == 11


# ---------------------------------------------------------------- crawler text


@pytest.mark.parametrize("cell", [" 持平 ", "无", "　暂无　"])
def test_crawler_text_with_words_in_the_first_value_cell_is_still_run_together_text(cell):
    """A value cell holding words ("持平") between the label and the first digits: still a whole
    table run together on one line (to be segmented), not web text."""
    text = (ROOT / "data" / "2023_pingtan.txt").read_text(encoding="utf-8")
    label = "本年新收政府信息公开申请数量"
    assert re.search(label + r"\d", text)
    doc = load(re.sub(label + r"(?=\d)", label + cell, text, count=1).encode("utf-8"))
    assert doc.flat and doc.format == "crawler-text"


@pytest.mark.parametrize("cell", ["3<br>2", "3<br/>2", "3<BR />2"])
def test_markdown_line_break_in_a_table_cell_is_kept(cell):
    """PDF/OCR converters write a line break inside a table cell as <br>: two lines, never "32"."""
    md = (ROOT / "data" / "2024_shanghai_kewei.md").read_text(encoding="utf-8")
    row = "| 一、本年新收政府信息公开申请数量 | 32 |"
    assert md.count(row) == 1
    rep = govkit.parse_report(md.replace(row, row.replace("| 32 |", f"| {cell} |")))
    got = rep.cells.set_index(["table", "row", "col"]).loc[
        ("requests", "本年新收政府信息公开申请数量", "自然人")
    ]
    assert got.raw.splitlines() == ["3", "2"]
