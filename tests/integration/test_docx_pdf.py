"""Word and PDF reports give exactly the cells of the web page they were made from.

The fixtures are LibreOffice conversions of HTML pages (tests/fixtures/README.md says how); bad
input (scanned, too many pages, zip bombs, other zips, old .doc) fails with its reason.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import pandas as pd
import pytest
from PIL import Image

import govkit
import govkit.io.docx
from govkit.errors import InputError
from govkit.io import load
from govkit.io.pdf import _PAGE_NO
from govkit.run.batch import run_batch
from tests.conftest import DATA, ROOT

FIXTURES = ROOT / "tests" / "fixtures"
NINGHE_HTML = DATA / "2020_ninghe_zaojiachengzhen.html"
KEWEI_HTML = FIXTURES / "2024_shanghai_kewei.html"
COMPARED = ["table", "row", "col", "value", "raw", "unit", "status"]  # all but source_ref
PAIRS = [
    ("2020_ninghe_zaojiachengzhen.docx", NINGHE_HTML),
    ("2020_ninghe_zaojiachengzhen.pdf", NINGHE_HTML),
    ("2024_shanghai_kewei.docx", KEWEI_HTML),
    ("2024_shanghai_kewei.pdf", KEWEI_HTML),
    ("2024_shanghai_kewei_split.pdf", KEWEI_HTML),
]


def _same_report(got: govkit.Report, want: govkit.Report) -> None:
    pd.testing.assert_frame_equal(got.cells[COMPARED], want.cells[COMPARED])
    for key in ("agency", "year", "template", "period_year", "title"):
        assert getattr(got.meta, key) == getattr(want.meta, key), key


@pytest.mark.parametrize(("name", "html"), PAIRS, ids=[p[0] for p in PAIRS])
def test_word_and_pdf_give_the_cells_of_their_html(name, html):
    got = govkit.read_report(FIXTURES / name)
    _same_report(got, govkit.read_report(html))
    assert got.meta.format == name.rsplit(".", 1)[1]
    assert (got.cells["status"] != "missing").all()


def test_pdf_table_without_ruling_lines_is_cut_at_wide_gaps():
    """Same cells, except the row whose blank cell is invisible without borders: not guessed."""
    html = govkit.read_report(NINGHE_HTML).cells[COMPARED]
    got = govkit.read_report(FIXTURES / "2020_ninghe_zaojiachengzhen_borderless.pdf").cells
    blank_row = got["row"] == "上年结转政府信息公开申请数量"
    assert (got.loc[blank_row, "status"] == "ambiguous").all()
    assert got.loc[blank_row, "value"].isna().all()
    pd.testing.assert_frame_equal(got.loc[~blank_row, COMPARED], html.loc[~blank_row])


def test_kewei_html_carries_what_govkit_reads_from_the_markdown():
    _same_report(
        govkit.read_report(KEWEI_HTML), govkit.read_report(DATA / "2024_shanghai_kewei.md")
    )


def _table_rows(doc) -> list[tuple[str, ...]]:
    return [
        tuple(re.sub(r"\s+", "", c.text) for c in row) for row in doc.rows if "table" in row[0].ref
    ]


def test_docx_merged_cells_appear_once_like_html_spans():
    """gridSpan is one cell like colspan; vMerge continuations are absent like rowspan."""
    html, word = load(NINGHE_HTML), load(FIXTURES / "2020_ninghe_zaojiachengzhen.docx")
    assert _table_rows(word) == _table_rows(html)
    results = next(r for r in _table_rows(word) if r[0].startswith("三、本年度办理结果"))
    assert len(results) == 2 + 7


def test_pdf_table_over_pages_drops_repeated_header_and_page_numbers():
    doc = load(FIXTURES / "2024_shanghai_kewei_split.pdf")
    header = [r for r in _table_rows(doc) if r[-1] == "申请人情况"]
    assert len(header) == 1
    assert not any(re.fullmatch(r"\s*—\s*\d+\s*—\s*", c.text) for row in doc.rows for c in row)
    said = " ".join(doc.dropped)
    assert "重复的表头" in said and "页码" in said
    rep = govkit.read_report(FIXTURES / "2024_shanghai_kewei_split.pdf")
    assert rep.notes["message"].str.contains("重复的表头").any()


def test_pdf_prose_lines_are_joined_into_paragraphs():
    html = govkit.read_report(NINGHE_HTML)
    pdf = govkit.read_report(FIXTURES / "2020_ninghe_zaojiachengzhen.pdf")
    for name in ("总体情况", "存在的主要问题及改进情况", "其他需要报告的事项"):
        assert pdf.sections[name] == html.sections[name]


def test_sniffed_by_content_not_by_name(tmp_path):
    as_docx = tmp_path / "report.docx"
    shutil.copy(NINGHE_HTML, as_docx)
    assert govkit.read_report(as_docx).meta.format == "html"
    renamed = tmp_path / "report.txt"
    shutil.copy(FIXTURES / "2024_shanghai_kewei.pdf", renamed)
    assert govkit.read_report(renamed).meta.format == "pdf"
    data = (FIXTURES / "2024_shanghai_kewei.docx").read_bytes()
    assert govkit.read_report(io.BytesIO(data)).meta.format == "docx"


def _raises(source, *fragments, **kw) -> str:
    with pytest.raises(InputError) as info:
        govkit.read_report(source, **kw)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_scanned_pdf_says_ocr_is_out_of_scope(tmp_path):
    path = tmp_path / "scanned.pdf"
    Image.new("RGB", (595, 842), "white").save(path, "PDF")
    _raises(path, "扫描版 PDF", "OCR", "scanned PDF", str(path))


def test_pdf_page_limit_names_itself_and_how_to_raise_it():
    path = FIXTURES / "2020_ninghe_zaojiachengzhen.pdf"
    _raises(path, "超过上限 2 页", "max_pages", max_pages=2)
    assert govkit.read_report(path, max_pages=20).meta.format == "pdf"


def test_damaged_pdf(tmp_path):
    path = tmp_path / "cut.pdf"
    data = (FIXTURES / "2024_shanghai_kewei.pdf").read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _raises(path, "PDF 已损坏", "damaged PDF")


def _zip(path, entries: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)


def test_zip_bomb_refused_before_unzipping(tmp_path):
    path = tmp_path / "bomb.docx"
    _zip(path, {"[Content_Types].xml": b"<Types/>", "word/document.xml": bytes(50_000_000)})
    assert path.stat().st_size < 100_000
    _raises(path, "压缩比", "疑似压缩炸弹", "MAX_RATIO", "zip bomb")


def test_unzipped_size_limit_follows_max_bytes(tmp_path):
    path = tmp_path / "big.docx"
    text = "".join(f"<w:p>{i} 第{i}段</w:p>" for i in range(200_000)).encode()
    _zip(path, {"word/document.xml": text})
    _raises(path, "解压后", "max_bytes", max_bytes=path.stat().st_size + 1)


def test_zip_entry_count_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(govkit.io.docx, "MAX_ENTRIES", 5)
    path = tmp_path / "many.docx"
    _zip(path, {f"word/media/{i}.xml": b"x" for i in range(6)})
    _raises(path, "6 个文件", "MAX_ENTRIES")


@pytest.mark.parametrize(
    ("entries", "zh", "en"),
    [
        ({"xl/workbook.xml": b"<workbook/>"}, "Excel", "xlsx"),
        (
            {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
            "OpenDocument",
            ".odt",
        ),
        ({"OFD.xml": b"<ofd/>"}, "OFD", ".ofd"),
        ({"report.txt": "二、主动公开".encode()}, "普通 zip 压缩包", "plain zip"),
    ],
)
def test_zip_that_is_not_a_docx_says_what_it_is(tmp_path, entries, zh, en):
    path = tmp_path / "report.docx"
    _zip(path, entries)
    _raises(path, zh, en, "不是 Word")


def test_old_word_file_suggests_saving_as_docx(tmp_path):
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))
    _raises(path, ".doc/.wps", "另存为", "soffice --headless --convert-to docx")


def test_folder_reads_word_and_pdf_and_lists_doc_wps_as_failures(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("2020_ninghe_zaojiachengzhen.docx", "2024_shanghai_kewei_split.pdf"):
        shutil.copy(FIXTURES / name, folder / name)
    for name in ("old.doc", "old.wps"):
        (folder / name).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    cells, failures = govkit.read_reports(folder)
    assert sorted(cells["source"].map(lambda s: s.rsplit(".", 1)[1]).unique()) == ["docx", "pdf"]
    assert sorted(failures["source"].map(lambda s: s.rsplit("/", 1)[1])) == ["old.doc", "old.wps"]
    assert failures["message"].str.contains("另存为").all()
    out = run_batch(folder, tmp_path / "out", notebooks=False, progress=False)
    status = dict(zip(out["source"].map(lambda s: s.rsplit("/", 1)[1]), out["status"], strict=True))
    assert status == {
        "2020_ninghe_zaojiachengzhen.docx": "read",
        "2024_shanghai_kewei_split.pdf": "read",
        "old.doc": "failed",
        "old.wps": "failed",
    }


@pytest.mark.parametrize(
    ("line", "is_page_number"),
    [
        ("— 3 —", True),
        ("- 12 -", True),
        ("第 3 页", True),
        ("第3页 共5页", True),
        ("第 3 页，共 5 页", True),
        ("3/5", True),
        ("7", True),
        ("2020年", False),
        ("一、总体情况", False),
        ("0 件", False),
    ],
)
def test_page_number_lines(line, is_page_number):
    assert bool(_PAGE_NO.fullmatch(line)) is is_page_number


def test_pdf_reading_keeps_to_the_time_budget():
    _raises(FIXTURES / "2024_shanghai_kewei.pdf", "超时", "time_budget", time_budget=1e-9)
