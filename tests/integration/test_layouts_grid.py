"""Unseen layouts, grid formats (issue 11 classes 1-5, issue 16 §1): each class of layout printed by
tests/layouts.py in HTML, markdown, web text and Word, for both templates; what govkit reads must be
what the page prints, cell by cell (raw text, value, status), and no printed row is `missing`."""

from __future__ import annotations

import math
import shutil
import subprocess

import pytest

import govkit
from govkit.textnorm import label_key, parse_number, spaced_digits
from tests.layouts import CLASSES, RENDER, SUFFIX, Page, Report, printed, to_docx

FORMATS = list(RENDER)


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


@pytest.mark.parametrize(
    "fmt,version", [(f, v) for f in FORMATS for v in ("2019", "2021") if f != "docx" or v == "2021"]
)
@pytest.mark.parametrize("name", list(CLASSES))
def test_layout_class_reads_as_printed(name, fmt, version, tmp_path):
    rep = Report(version, seed=len(name))
    check(read(rep, printed(rep, [name]), fmt, tmp_path), rep)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """Every class printed in Word and exported to PDF by LibreOffice in one run (as an agency
    drafting in Word and publishing a PDF would; tests/fixtures are made the same way)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path_factory.mktemp("layouts-pdf")
    for name in CLASSES:
        (out / f"{name}.docx").write_bytes(to_docx(printed(Report("2021", seed=len(name)), [name])))
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
    printed(rep, [name])
    check(govkit.read_report(pdfs / f"{name}.pdf"), rep, pdf=True)


@pytest.mark.parametrize("fmt", ["html", "markdown", "text"])
def test_tolerant_matches_are_noted(fmt, tmp_path):
    rep = Report("2021", seed=3)
    report = read(rep, printed(rep, ["typos"]), fmt, tmp_path)
    notes = report.notes
    assert notes.message.str.contains("政府信息公开行政法复议").any()
    row = notes[notes.row == "不予公开/其他法律行政法规禁止公开"]
    assert row.message.str.contains("其他法律行政止公开").any()
    assert row.message_en.str.contains("nearest template row").any()


@pytest.mark.parametrize("fmt", ["html", "markdown", "text"])
def test_collapsed_group_and_subtotal_are_noted(fmt, tmp_path):
    rep = Report("2021", seed=4)
    notes = read(rep, printed(rep, ["collapsed_group"]), fmt, tmp_path).notes
    assert (notes.row == "其他处理").sum() == 1
    assert notes[notes.row == "其他处理"].message_en.str.contains("one row").all()
    rep = Report("2021", seed=4)
    notes = read(rep, printed(rep, ["subtotal_row"]), fmt, tmp_path).notes
    assert notes[notes.row == "不予公开"].message_en.str.contains("subtotal").all()


def test_two_labels_never_claim_one_row(tmp_path):
    """A tolerant label yields to an exact one: the row keeps the exactly labelled numbers."""
    rep = Report("2021", seed=5)
    page = Page(rep)
    body, table = page.body, page.requests()
    row = page.row("不予公开/属于国家秘密")
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
