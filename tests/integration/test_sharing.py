"""Shared pages are safe and self-contained: report text is untrusted, pages are sent around.

One hostile copy of the seed carries markup in the agency name (title line), in a table cell and
in a prose sentence that the text-vs-table audit quotes; a manifest gives it a hostile agency
name too. Both notebooks run through `run_notebook` (papermill + HTML export) and the batch
writes index.html; no page may contain the markup as live tags, and no page may need the network.
"""

from __future__ import annotations

import csv
import re

import lxml.html
import nbformat
import pytest
from conftest import DATA, SEED

import govkit
from govkit.run.batch import run_batch
from govkit.run.kernels import notebook_path
from govkit.run.pages import run_notebook

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
# Markup in the title line never becomes the agency (govkit.read.prose, issue 11 class 8), so the
# agency page gets the hostile agency name as the analyst's meta override (an image handler that is
# live markup without spaces); the manifest gives the overview and the index an agency name with
# both full payloads.
AGENCY_PAYLOAD = "<img/src=x/onerror=alert``>"
HOSTILE_AGENCY = f"{AGENCY_PAYLOAD}造甲城镇人民政府"
ALL_PAYLOADS = (SCRIPT, IMG, AGENCY_PAYLOAD)


def _hostile_copy(folder):
    text = SEED.read_text(encoding="utf-8")
    title = "2020年度宁河区造甲城镇人民政府信息公开"
    assert title in text
    text = text.replace(title, f"2020年度{AGENCY_PAYLOAD}造甲城镇人民政府信息公开", 1)
    lines = text.split("\n")
    assert lines[55].strip() == "增"  # 行政处罚·本年增/减: a text cell the audit reports
    lines[55] = "\t" + SCRIPT + IMG
    text = "\n".join(lines).replace(
        "持续强化组织领导，", f"本年度共收到政府信息公开申请5件{SCRIPT}{IMG}。持续强化组织领导，", 1
    )
    path = folder / "2020_hostile.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The hostile report read, audited and rendered: agency page, overview, index."""
    root = tmp_path_factory.mktemp("sharing")
    src = root / "in"
    src.mkdir()
    report = _hostile_copy(src)
    manifest = root / "manifest.csv"
    with manifest.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["path", "agency"], [str(report), f"机关{SCRIPT}{IMG}"]])
    out = root / "out"
    out.mkdir()
    agency = out / "agency.ipynb"
    run_notebook(
        notebook_path("agency_audit.ipynb"),
        agency,
        {
            "report_path": str(report),
            "output_dir": str(out / "agency"),
            "meta": {"agency": HOSTILE_AGENCY},
        },
        out,
    )
    overview = out / "overview.ipynb"
    run_notebook(
        notebook_path("batch_overview.ipynb"),
        overview,
        {"source": str(src), "manifest": str(manifest), "output_dir": str(out / "overview")},
        out,
    )
    run_batch(src, out / "batch", manifest=manifest, notebooks=False, progress=False)
    return {
        "agency": agency.with_suffix(".html"),
        "overview": overview.with_suffix(".html"),
        "index": out / "batch" / "index.html",
    }


def test_the_hostile_report_carries_the_payloads(tmp_path):
    """Guard for the fixture: the payloads really reach the agency name (as the meta override; the
    title's markup is not a name), a cell and a message."""
    path = _hostile_copy(tmp_path)
    assert "<" not in (govkit.read_report(path).meta.agency or "")
    rep = govkit.read_report(path, meta={"agency": HOSTILE_AGENCY})
    assert rep.meta.agency.startswith(AGENCY_PAYLOAD)
    assert (rep.cells["raw"] == SCRIPT + IMG).any()
    messages = " ".join(rep.audit()["message"])
    assert messages.count(SCRIPT + IMG) == 2  # cells.text and text.requests quote it


def _live_markup(page: str) -> list[str]:
    """Elements or attributes the payloads would create if they were not escaped."""
    doc = lxml.html.document_fromstring(page)
    bad = [
        lxml.html.tostring(s, encoding="unicode")[:80]
        for s in doc.iter("script")
        if "alert" in (s.text or "") or s.get("src")
    ]
    bad += [
        f"<{el.tag} {name}=…>"
        for el in doc.iter()
        if isinstance(el.tag, str)
        for name in el.attrib
        if name.lower().startswith("on")
    ]
    bad += [f"<img src={img.get('src')}>" for img in doc.iter("img") if img.get("src") == "x"]
    return bad


@pytest.mark.parametrize("name", ["agency", "overview", "index"])
def test_payloads_are_text_not_markup(pages, name):
    page = pages[name].read_text(encoding="utf-8")
    assert _live_markup(page) == []
    for payload in ALL_PAYLOADS:
        assert payload not in page
    shown = lxml.html.document_fromstring(page).text_content()
    expected = {
        "agency": ALL_PAYLOADS,  # agency name, the cell, the quoted sentence
        "overview": (SCRIPT, IMG),  # the manifest's agency name
        "index": (SCRIPT, IMG),
    }[name]
    for payload in expected:
        assert payload in shown, f"{payload} should be shown as text on the {name} page"
    assert "&lt;script&gt;alert" in page


def test_agency_page_escapes_every_place_the_text_reaches(pages):
    """Header, page title, styled-table caption and cell, findings table, verdict."""
    doc = lxml.html.document_fromstring(pages["agency"].read_text(encoding="utf-8"))
    assert AGENCY_PAYLOAD in doc.findtext(".//title")
    assert AGENCY_PAYLOAD in doc.xpath("string(//h2)")
    captions = [c.text_content() for c in doc.iter("caption")]
    assert len(captions) == 3 and all(AGENCY_PAYLOAD in c for c in captions)
    cells = [td.text_content() for td in doc.iter("td")]
    assert SCRIPT + IMG in cells  # the 本年增/减 cell of the styled table
    assert sum(SCRIPT + IMG in c for c in cells) >= 3  # + two findings messages
    verdict = doc.xpath("string((//ol)[last()])")
    assert SCRIPT + IMG in verdict


@pytest.mark.parametrize("name", ["agency", "overview"])
def test_pages_are_self_contained(pages, name):
    page = pages[name].read_text(encoding="utf-8")
    doc = lxml.html.document_fromstring(page)
    remote = re.compile(r"^\s*(https?:)?//", re.I)
    assert not [s.get("src") for s in doc.iter("script") if s.get("src")]
    assert not [el.get("href") for el in doc.iter("link") if remote.match(el.get("href") or "")]
    assert not [i.get("src") for i in doc.iter("img") if not i.get("src", "").startswith("data:")]
    scripts = " ".join(s.text or "" for s in doc.iter("script"))
    assert not re.search(r"https?://", scripts), "a script would fetch code from the network"
    styles = " ".join(s.text or "" for s in doc.iter("style"))
    assert not re.search(r"@import|url\(\s*['\"]?https?:", styles)
    images = [i for i in doc.iter("img") if i.get("src", "").startswith("data:image/png;base64,")]
    # agency: its four charts; overview: three comparisons, the trend and the copied-text spread
    assert len(images) == (4 if name == "agency" else 5)


def test_agency_page_hides_code_and_leads_with_the_verdict(pages):
    doc = lxml.html.document_fromstring(pages["agency"].read_text(encoding="utf-8"))
    text = doc.text_content()
    assert "import govkit" not in text and "report_path =" not in text  # the .ipynb keeps code
    first = text.index("审核结论：发现")
    assert first < text.index("三、收到和处理政府信息公开申请情况")  # before the first table
    assert "2019 年版" in text[:first] and "2020 年度" in text[:first]
    assert "（七）总计/总计 应为 1" in text[first : first + 200]


def test_executed_notebook_has_no_glyph_warnings(pages):
    nb = nbformat.read(pages["agency"].with_suffix(".ipynb"), as_version=4)
    streams = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "missing from font" not in streams and "findfont" not in streams


def test_overview_page_guards_small_numbers(pages):
    text = lxml.html.document_fromstring(pages["overview"].read_text(encoding="utf-8"))
    assert "样本过小（1）" in text.text_content()  # 结转率 on one application, not a rate


def test_diagnosed_cell_is_the_red_one():
    """上海市科委 2024: the blank 结转下年度/总计 explains both failing identities, so it is red
    and the (七)总计 the balance identity is anchored on is only a participant."""
    from govkit.present.findings import COLOURS, verdict
    from govkit.present.tables import styled_table

    rep = govkit.read_report(DATA / "2024_shanghai_kewei.md")
    findings = rep.audit()
    styled = styled_table(rep, "requests", findings)
    css = styled.to_html()
    fail = COLOURS["fail"].split(";")[0].split(":")[1]
    red = [
        (styled.data.index[int(r)], styled.data.columns[int(c)])
        for selectors, props in re.findall(r"([^{}]+)\{([^}]*)\}", css)
        if fail in props
        for r, c in re.findall(r"_row(\d+)_col(\d+)", selectors)
    ]
    assert red == [("四、结转下年度继续办理", "总计")]
    text = verdict(findings)
    # the lost heading of section 五 is a reading note (info), not a warning (audit, issue 11)
    assert text.startswith("审核结论：发现 3 个错误、1 个警告。")
    assert "1. 改正：四、结转下年度继续办理/总计 应为 1" in text
    assert "“总计”列" not in text  # the identities the diagnosis explains are not repeated


def test_pages_are_light_and_link_back(pages):
    """Issue 15: an agency page with its four charts stays under 300 KB (was ~800 KB: the lab
    template's CSS and RGBA PNG charts); every page links back to index.html."""
    for name in ("agency", "overview"):
        page = pages[name]
        assert page.stat().st_size < 300_000, f"{name}: {page.stat().st_size} bytes"
        doc = lxml.html.document_fromstring(page.read_text(encoding="utf-8"))
        assert doc.xpath('//a[@href="index.html"]')
    doc = lxml.html.document_fromstring(pages["overview"].read_text(encoding="utf-8"))
    link = doc.xpath('//a[contains(., "summary.csv")]/@href')
    assert link and (pages["overview"].parent / link[0]).exists()  # relative to the page
