"""govkit.io.docx.parse_docx: a .docx as what Word shows, body paragraphs and tables in order.

Run-level visibility (tracked changes, fields, hidden styles) is tested against the seed .docx in
tests/io/test_io.py and zip limits in tests/integration/test_docx_pdf.py; here: the package parts,
the table structure (merges, deleted rows), damage and hostile XML, on small documents built inline.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from govkit import limits
from govkit.errors import InputError
from govkit.io import docx as docx_reader
from govkit.io.docx import parse_docx
from tests.conftest import ROOT

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SEED_DOCX = ROOT / "tests" / "fixtures" / "2020_ninghe_zaojiachengzhen.docx"
MAX = 50 * 2**20
RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{}"/>'
    "</Relationships>"
)


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(text)}</w:tc>"


def _docx(
    body: str,
    *,
    parts: dict[str, str] | None = None,
    rels: str | None = "word/document.xml",
    head: str = "",
) -> bytes:
    """A .docx holding `body` in word/document.xml (or the parts given)."""
    xml = f'<?xml version="1.0" encoding="UTF-8"?>{head}<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        if rels is not None:
            zf.writestr("_rels/.rels", RELS.format(rels))
        for name, data in (parts or {"word/document.xml": xml}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def _rows(doc) -> list[list[tuple[str, str]]]:
    return [[(c.text.strip(), c.ref) for c in row] for row in doc.rows]


def test_seed_docx_rows():
    """The seed's 行政处罚 row prints 11, 增, 20 (data/2020_ninghe_zaojiachengzhen.txt, lines 54-57)."""
    doc = parse_docx(SEED_DOCX.read_bytes(), "seed.docx", max_bytes=MAX)
    assert (doc.format, doc.source) == ("docx", "seed.docx")
    texts = [[c.text.strip() for c in row] for row in doc.rows]
    assert ["行政处罚", "11", "增", "20"] in texts
    assert texts[0] == ["政府信息公开工作年度报告"]
    assert texts.index(["一、总体情况"]) < texts.index(["行政处罚", "11", "增", "20"])


def test_paragraphs_and_a_table_in_document_order():
    body = (
        _p("二、主动公开")
        + f"<w:tbl><w:tr>{_tc('规章')}{_tc('0')}</w:tr></w:tbl>"
        + _p("三、收到申请")
    )
    assert _rows(parse_docx(_docx(body), max_bytes=MAX)) == [
        [("二、主动公开", "paragraph 1")],
        [("规章", "table 1 row 1 col 1"), ("0", "table 1 row 1 col 2")],
        [("三、收到申请", "paragraph 3")],
    ]


def test_tabs_breaks_and_hyphens_inside_a_paragraph():
    body = "<w:p><w:r><w:t>本年</w:t><w:tab/><w:t>增</w:t><w:noBreakHyphen/><w:t>减</w:t><w:br/><w:t>3</w:t></w:r></w:p>"
    assert [c.text for row in parse_docx(_docx(body), max_bytes=MAX).rows for c in row] == [
        "本年\t增-减",
        "3",
    ]


RESTART, CONTINUE, BARE = (
    '<w:vMerge w:val="restart"/>',
    '<w:vMerge w:val="continue"/>',
    "<w:vMerge/>",
)
SPAN2 = '<w:gridSpan w:val="2"/>'
ROW_DELETED = '<w:trPr><w:del w:id="1" w:author="a"/></w:trPr>'
CELL_DELETED = '<w:cellDel w:id="2" w:author="a"/>'


def test_merged_cells_are_one_cell_and_vertical_continuations_no_cell():
    """gridSpan: one cell like colspan; a vMerge continuation: no cell, like the row under a rowspan."""
    body = (
        "<w:tbl>"
        f"<w:tr>{_tc('三、本年度办理结果', RESTART)}{_tc('（一）予以公开', SPAN2)}{_tc('9')}</w:tr>"
        f"<w:tr>{_tc('', BARE)}{_tc('（二）部分公开')}{_tc('')}{_tc('0')}</w:tr>"
        f"<w:tr>{_tc('', CONTINUE)}{_tc('（三）不予公开')}{_tc('')}{_tc('1')}</w:tr>"
        "</w:tbl>"
    )
    texts = [[c.text.strip() for c in row] for row in parse_docx(_docx(body), max_bytes=MAX).rows]
    assert texts == [
        ["三、本年度办理结果", "（一）予以公开", "9"],
        ["（二）部分公开", "", "0"],
        ["（三）不予公开", "", "1"],
    ]


def test_deleted_rows_and_cells_are_not_read():
    body = (
        "<w:tbl>"
        f"<w:tr>{_tc('规章')}{_tc('0')}</w:tr>"
        f"<w:tr>{ROW_DELETED}{_tc('旧行')}{_tc('9')}</w:tr>"
        f"<w:tr>{_tc('规范性文件')}{_tc('8', CELL_DELETED)}{_tc('2')}</w:tr>"
        "</w:tbl>"
    )
    texts = [[c.text.strip() for c in row] for row in parse_docx(_docx(body), max_bytes=MAX).rows]
    assert texts == [["规章", "0"], ["规范性文件", "2"]]


def test_without_package_relationships_the_main_part_is_word_document_xml():
    doc = parse_docx(_docx(_p("正文"), rels=None), max_bytes=MAX)
    assert _rows(doc) == [[("正文", "paragraph 1")]]


def test_relationship_with_a_leading_slash_names_the_part():
    xml = f'<w:document xmlns:w="{W_NS}"><w:body>{_p("主文档")}</w:body></w:document>'
    data = _docx(
        "", parts={"word/main.xml": xml, "word/document.xml": "<x/>"}, rels="/word/main.xml"
    )
    assert _rows(parse_docx(data, max_bytes=MAX)) == [[("主文档", "paragraph 1")]]


@pytest.mark.parametrize(
    "parts",
    [
        {"word/other.xml": "<x/>"},  # the main part named by .rels is missing
        {"word/document.xml": "<w:document"},  # cut XML
        {"word/document.xml": f'<w:document xmlns:w="{W_NS}"><w:p/></w:document>'},  # no w:body
    ],
    ids=["missing-part", "bad-xml", "no-body"],
)
def test_damaged_documents_say_damaged_word(parts):
    with pytest.raises(InputError, match="Word 文档已损坏") as info:
        parse_docx(_docx("", parts=parts), "r.docx", max_bytes=MAX)
    assert info.value.source == "r.docx" and "damaged Word document" in info.value.en


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    head = f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file://{secret}">]>'
    assert parse_docx(_docx(_p("a&x;b"), head=head), max_bytes=MAX).text == "ab"


def test_entity_expansion_bomb_is_refused():
    """Nine levels of ten references each: 10^9 copies if expanded."""
    levels = "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    head = f'<!DOCTYPE w:document [<!ENTITY a0 "行政许可">{levels}]>'
    with pytest.raises(InputError, match="Word 文档已损坏"):
        parse_docx(_docx(_p("&a9;"), head=head), max_bytes=MAX)


def test_a_style_loop_neither_hangs_nor_hides():
    styles = (
        f'<w:styles xmlns:w="{W_NS}">'
        '<w:style w:type="character" w:styleId="A"><w:basedOn w:val="B"/></w:style>'
        '<w:style w:type="character" w:styleId="B"><w:basedOn w:val="A"/></w:style>'
        '<w:style w:type="character" w:styleId="H"><w:rPr><w:vanish/></w:rPr></w:style>'
        "</w:styles>"
    )
    doc_rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    body = '<w:p><w:r><w:rPr><w:rStyle w:val="A"/></w:rPr><w:t>1</w:t></w:r><w:r><w:rPr><w:rStyle w:val="H"/></w:rPr><w:t>9</w:t></w:r></w:p>'
    xml = f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    parts = {
        "word/document.xml": xml,
        "word/styles.xml": styles,
        "word/_rels/document.xml.rels": doc_rels,
    }
    assert parse_docx(_docx("", parts=parts), max_bytes=MAX).text == "1"
    parts["word/styles.xml"] = styles[:-20]  # a damaged styles part: the document still reads
    assert parse_docx(_docx("", parts=parts), max_bytes=MAX).text == "19"


@pytest.mark.parametrize(
    ("open_tag", "close_tag"),
    [
        (f'<ns0:document xmlns:ns0="{W_NS}">', "</ns0:document>"),
        (f'<document xmlns="{W_NS}">', "</document>"),
    ],
    ids=["other-prefix", "default-namespace"],
)
def test_rows_are_counted_under_the_parts_own_prefix(open_tag, close_tag, monkeypatch):
    """A part that names the namespace ns0: (or none) is counted as one that names it w:."""
    prefix = open_tag[1 : open_tag.index("document")]
    row = f"<{prefix}tr><{prefix}tc><{prefix}p/></{prefix}tc></{prefix}tr>"
    xml = f'<?xml version="1.0"?>{open_tag}<{prefix}body><{prefix}tbl>{row * 3000}</{prefix}tbl></{prefix}body>{close_tag}'
    monkeypatch.setattr(limits, "MAX_ROWS", 2000)
    built = []
    monkeypatch.setattr(docx_reader.etree, "fromstring", lambda *a, **k: built.append(1))
    with pytest.raises(InputError, match="MAX_ROWS"):
        parse_docx(_docx("", parts={"word/document.xml": xml}), max_bytes=MAX)
    assert not built
