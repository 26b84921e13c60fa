"""Layout classes combined: real reports wrap labels AND blank rows AND misprint labels at once.

Every pair of the grid's layout classes (tests/layouts.py CLASSES, composed in their fixed
order), and a sample of triples, printed in HTML, markdown, web text (both templates) and Word
(2021), a sample of pairs in PDF (crawler text, where cells run together, is at the end): every cell govkit reads must be what the page prints there
(value, raw, status), no text of one cell may show in another, and no printed row may be called
missing (in cells or by structure.missing_rows). A cell the page makes genuinely ambiguous may be
left blank with a note; no combination here needs that (the wider sweep is
tools/layout_hunt.py). Each case's seed comes from its classes, so the sweep covers many seeds.
"""

from __future__ import annotations

import itertools
import random
import shutil
import subprocess
import zlib

import pytest

import govkit
from tests.layouts import (
    CLASSES,
    FORMS,
    PLACEHOLDERS,
    RENDER,
    SUFFIX,
    Page,
    Report,
    printed,
    problems,
    to_docx,
)

PAIRS = list(itertools.combinations(CLASSES, 2))
# a sample, and the triples tools/layout_hunt.py found failing that no pair shows
FOUND = [("reordered", "blank_rows", "wrapped_labels")]  # '2.重复申请' blank above '1.信' | …
TRIPLES = [
    *FOUND,
    *random.Random(6).sample([t for t in itertools.combinations(CLASSES, 3) if t not in FOUND], 23),
]
FORMATS = [
    (f, v)
    for f in RENDER
    for v in ("2019", "2021")
    if f != "crawler" and (f != "docx" or v == "2021")
]


def _seed(names: tuple[str, ...]) -> int:
    return zlib.crc32("+".join(names).encode()) % 97


def _read(body: list, fmt: str, tmp_path) -> govkit.Report:
    out = FORMS[fmt](body)
    path = tmp_path / f"report{SUFFIX[fmt]}"
    path.write_bytes(out if isinstance(out, bytes) else out.encode("utf-8"))
    return govkit.read_report(path)


def _check(names: tuple[str, ...], fmt: str, version: str, tmp_path) -> None:
    rep = Report(version, seed=_seed(names))
    found = problems(_read(printed(rep, names), fmt, tmp_path), rep)
    assert not found, found[:6]


@pytest.mark.parametrize(("fmt", "version"), FORMATS)
@pytest.mark.parametrize("names", PAIRS, ids="+".join)
def test_two_layout_classes_read_as_printed(names, fmt, version, tmp_path):
    _check(names, fmt, version, tmp_path)


@pytest.mark.parametrize(("fmt", "version"), [("html", "2019"), ("text", "2021")])
@pytest.mark.parametrize("names", TRIPLES, ids="+".join)
def test_three_layout_classes_read_as_printed(names, fmt, version, tmp_path):
    _check(names, fmt, version, tmp_path)


# pairs in PDF: each class at least twice, the families fixed here among them
PDF_PAIRS = [
    ("reordered", "blank_rows"),
    ("reordered", "subtotal_row"),
    ("collapsed_group", "blank_rows"),
    ("blank_rows", "merged_residue"),
    ("typos", "wrapped_labels"),
    ("text_values", "requests_per_group"),
    ("review_as_three_tables", "merged_residue"),
    ("collapsed_group", "wrapped_labels"),
    ("subtotal_row", "typos"),
    ("text_values", "review_as_three_tables"),
    ("wrapped_labels", "requests_per_group"),
]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """The PDF pairs printed in Word and exported by LibreOffice in one run."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path_factory.mktemp("pairs-pdf")
    for names in PDF_PAIRS:
        body = printed(Report("2021", seed=_seed(names)), names)
        (out / f"{'+'.join(names)}.docx").write_bytes(to_docx(body))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{out}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *sorted(str(p) for p in out.glob("*.docx")),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


@pytest.mark.parametrize("names", PDF_PAIRS, ids="+".join)
def test_two_layout_classes_read_as_printed_in_pdf(names, pdfs):
    rep = Report("2021", seed=_seed(names))
    printed(rep, names)
    found = problems(govkit.read_report(pdfs / f"{'+'.join(names)}.pdf"), rep, pdf=True)
    assert not found, found[:6]


# ------------------------------------------------ one blank cell too many, blank at both ends


@pytest.mark.parametrize(("fmt", "version"), FORMATS)
def test_residue_and_blank_total_decided_by_the_column_identities(fmt, version, tmp_path):
    """'四、结转… | (residue) | 1 | 1 | 1 | 0 | 0 | 3 | (blank total)': the shifted reading
    ('' | 1 … 0 | total 3) fits the row's own total too (1+1+1+0+0 = 3), and the blank end was
    dropped at a guess, every number a column right. Only the printed reading satisfies the
    column identities (一+二 = 总计+四): read as printed, with a note saying how."""
    rep = Report(version, seed=10)  # a seed whose 结转 row fits both readings
    report = _read(printed(rep, ["merged_residue"]), fmt, tmp_path)
    assert problems(report, rep) == []
    notes = report.notes[report.notes.row == "结转下年度继续办理"]
    assert notes.message_en.str.contains("one blank cell too many").any()


@pytest.mark.parametrize(("fmt", "version"), FORMATS)
def test_residue_and_blank_end_nothing_decides_is_blank(fmt, version, tmp_path):
    """Section 二 has no total and no identity: '规章 | (blank) | 105 | 105 | (blank)' is
    [105, 105, blank] or [blank, 105, 105]. It was read as the second at a guess; now the two
    end cells are ambiguous (raw kept, noted) and the middle one, 105 in both readings, is read.
    Section 三's all-zero 结转 row likewise: a blank counts nothing in the identities, so both
    readings hold; the five zeros both readings print are read, its 自然人 and 总计 are not."""
    rep = Report(version, seed=5)
    page = Page(rep)
    item = "第二十条第（一）项"
    row = page.table(item)[2]
    row[1:] = ["", *row[1:-1], ""]
    r, new, carried, total = (
        "结转下年度继续办理",
        "本年新收政府信息公开申请数量",
        "上年结转政府信息公开申请数量",
        "总计",
    )
    page.row(r)[page.label_at[r] + 1 :] = ["", *["0"] * 6, ""]
    page.row(new)[-7:] = [  # 一 = 总计 + 四 - 二: the page's identities hold with 四 all 0
        str(int(t) - int(c))
        for t, c in zip(rep.requests[total], rep.requests[carried], strict=True)
    ]
    report = _read(page.body, fmt, tmp_path)
    c = report.cells
    for table, name, middle in (("active", f"{item}/{row[0]}", row[2]), ("requests", r, "0")):
        got = c[(c.table == table) & (c.row == name)]  # in the template's column order
        ends = got.iloc[[0, -1]]
        assert (ends.status == "ambiguous").all() and ends.value.isna().all(), got
        assert ends.raw.str.contains("|", regex=False).all(), got
        inner = got.iloc[1:-1]
        assert (inner.status == "ok").all() and (inner.raw == middle).all(), got
        assert (report.notes.row == name).any()


# ------------------------------------------------ a placeholder beside a label cut short


@pytest.mark.parametrize("seed", [1, 4])  # a 0 in 自然人 of 属于行政执法案卷 (1) / 信访举报… (4)
@pytest.mark.parametrize(("fmt", "version"), FORMATS)
def test_a_placeholder_beside_a_cut_label_is_a_value(seed, fmt, version, tmp_path):
    """'7.属于行政 | —— | 0 | … | 0' then '执法案卷': the placeholder was taken for the row's
    label, the cut label's two parts never met, and the printed row was called missing (a
    finding against the agency). The label is the text before the placeholder."""
    rep = Report(version, seed=seed)
    report = _read(printed(rep, ["placeholders", "wrapped_labels"]), fmt, tmp_path)
    assert problems(report, rep) == []


@pytest.mark.parametrize(("fmt", "version"), FORMATS)
def test_a_placeholder_beside_a_circled_number_label(fmt, version, tmp_path):
    """The same with sub-rows numbered ① … ⑧: '⑦属于行政 | —— | 0 …' — ⑦ passed for a digit
    (str.isdigit), so the label piece counted as a value and the row was called missing."""
    rep = Report(version, seed=1)
    page = Page(rep, strict=False)
    for name in ("placeholders", "wrapped_labels"):
        CLASSES[name](page)
    cut = page.rows["不予公开/属于行政执法案卷"]
    at = page.label_at["不予公开/属于行政执法案卷"]
    assert cut[at] == "7.属于行政" and cut[at + 1] in PLACEHOLDERS
    cut[at] = "⑦属于行政"
    assert problems(_read(page.body, fmt, tmp_path), rep) == []


# ------------------------------------------------ crawler text: the cells run together

# Run-together digits are often genuinely ambiguous, so a cell left blank with a note is allowed
# here; a wrong number, leaked text or a printed row called missing never is.
CRAWLED = [(n,) for n in CLASSES] + PAIRS


def _crawled(names: tuple[str, ...], version: str, tmp_path) -> list[tuple[str, str]]:
    rep = Report(version, seed=_seed(names))
    return problems(_read(printed(rep, names, "crawler"), "crawler", tmp_path), rep)


@pytest.mark.parametrize("version", ["2019", "2021"])
@pytest.mark.parametrize("names", CRAWLED, ids="+".join)
def test_layout_classes_in_crawler_text_read_as_printed_or_left_unread(names, version, tmp_path):
    bad = [p for p in _crawled(names, version, tmp_path) if p[0] != "blank"]
    assert not bad, bad[:6]


@pytest.mark.parametrize("version", ["2019", "2021"])
@pytest.mark.parametrize("names", TRIPLES, ids="+".join)
def test_three_layout_classes_in_crawler_text_read_as_printed_or_left_unread(
    names, version, tmp_path
):
    bad = [p for p in _crawled(names, version, tmp_path) if p[0] != "blank"]
    assert not bad, bad[:6]
