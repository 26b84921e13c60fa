"""Agency, title and publication date from the report's own text (issue 11 class 8): markup and
site chrome (markdown, breadcrumbs, navigation, a crawler header) are never part of a name."""

from __future__ import annotations

import re

import pytest
from conftest import corpus_file
from hypothesis import given, settings
from hypothesis import strategies as st

import govkit
from govkit.read import prose
from govkit.read.prose import extract_facts
from govkit.templates import HEADINGS

BODY = (
    "本报告根据《中华人民共和国政府信息公开条例》编制。本报告中所列数据的统计期限自{y}年1月1日起至"
    "{y}年12月31日止。\n一、总体情况\n{y}年，本机关认真贯彻落实《条例》。"
)
TAIL = "{y}年度政府信息公开工作年度报告"


def _page(head: str, agency: str, year: int) -> str:
    return head.format(a=agency, t=agency + TAIL.format(y=year)) + "\n" + BODY.format(y=year)


HEADS = {
    "markdown heading": "# {t}",
    "markdown heading, space": "##  {t}\n",
    "bold": "**{t}**",
    "bold name only": "**{a}**{t_rest}",
    "quote": "> {t}",
    "table pipe": "| {t} |",
    "breadcrumb >": "当前位置：首页 > 政务公开 > 政府信息公开年报 > {t}",
    "breadcrumb »": "您现在的位置：首页»信息公开»年报\n{t}",
    "breadcrumb glued": "首页政务公开政府信息公开政府信息公开年报{t}",
    "breadcrumb glued, no 首页": "当前位置：首页政务公开年报专栏{t}",
    "navigation lines": "首页\n政务公开\n解读回应\n政府信息公开\n政府信息公开年报\n    {t}\n来源：办公室",
    "navigation, tabs": "\t\t首页\n\t\t政务公开\n\t\t政府信息公开年报\n\t\t{t}",
    "pdf title on two lines": "{a}\n{y} 年度政府信息公开工作年度报告",
    "title split inside the tail": "{a}{y}年度政府信息公开\n工作年度报告",
}
AGENCIES = ["沭阳县人民政府", "平潭综合实验区", "淮安市生态环境局", "国家税务总局南京市税务局"]


@pytest.mark.parametrize("agency", AGENCIES)
@pytest.mark.parametrize("kind", HEADS)
def test_markup_and_site_chrome_are_not_part_of_the_agency(kind, agency):
    year = 2025
    head = HEADS[kind].replace("{t_rest}", TAIL.format(y=year)).replace("{y}", str(year))
    facts = extract_facts(_page(head, agency, year))
    assert (facts.agency, facts.year) == (agency, year), kind
    assert facts.title == agency + TAIL.format(y=year)


def test_a_crawler_header_title_field_names_the_agency():
    text = (
        "标题: 平潭综合实验区2023年度政府信息公开工作年度报告\n发布时间: 2024-03-08 15:34\n"
        "==================== 正文 ====================\n"
        "当前位置： 首页 政务公开 政府信息公开 政府信息公开年报 全真版 文字版 相关链接： -->"
        + BODY.format(y=2023)
    )
    facts = extract_facts(text)
    assert (facts.agency, facts.year, facts.published) == ("平潭综合实验区", 2023, "2024-03-08")
    assert facts.title == "平潭综合实验区2023年度政府信息公开工作年度报告"


@pytest.mark.parametrize("year", [2023, 2025])
def test_the_whole_crawler_page_gives_the_agency(year):
    html = govkit.read_report(corpus_file(f"{year}_pingtan.page.html")).meta
    text = govkit.read_report(corpus_file(f"{year}_pingtan.txt")).meta
    assert html.agency == text.agency == "平潭综合实验区"
    assert html.title == text.title == f"平潭综合实验区{year}年度政府信息公开工作年度报告"


@pytest.mark.parametrize(
    ("head", "want"),
    [
        ("标题: 某局2023年度政府信息公开工作年度报告\n发布时间: 2024-03-08 15:34\n", "2024-03-08"),
        ("发布日期：2024年3月8日\n某局2023年度政府信息公开工作年度报告\n", "2024-03-08"),
        (
            "某局2023年度政府信息公开工作年度报告\n来源：办公室\n时间：2024/1/31 09:00\n",
            "2024-01-31",
        ),
        ("成文日期：2024-01-05 发布日期：2024-01-20\n", "2024-01-20"),
        ("成文日期：2024-01-05\n某局2023年度政府信息公开工作年度报告\n", None),
        ("某局2023年度政府信息公开工作年度报告\n", None),
        ("发布日期：2024-13-40\n", None),
    ],
)
def test_publication_date(head, want):
    assert extract_facts(head + BODY.format(y=2023)).published == want


@pytest.mark.parametrize(("year", "want"), [(2023, "2024-03-08"), (2025, "2026-03-10")])
def test_publication_date_of_the_corpus_pages(year, want):
    for name in (f"{year}_pingtan.txt", f"{year}_pingtan.page.html"):
        text = govkit.read_report(corpus_file(name)).text
        assert extract_facts(text).published == want, name


@pytest.mark.parametrize(
    ("heading", "typo"),
    [
        ("四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政法复议、行政诉讼情况"),
        ("五、存在的主要问题及改进情况", "五、存在的主要问题及改进情"),
        ("一、总体情况", "一、总休情况"),
        ("六、其他需要报告的事项", "六、其它需要报告的事项"),
    ],
)
@pytest.mark.parametrize("name", ["2023_pingtan.txt", "2025_pingtan.page.html"])
def test_a_misspelt_heading_still_opens_its_section(name, heading, typo):
    """The section is printed under a misspelt heading: it is there (no structure.sections)."""
    text = govkit.read_report(corpus_file(name)).text
    assert heading in text
    rep = govkit.parse_report(text.replace(heading, typo, 1), source=name)
    assert len(rep.sections) == 6
    findings = rep.audit()
    assert "structure.sections" not in set(findings["rule"])


# The heading regex before its look-behind moved after the first numeral (a speed change only):
# the reference its matches must equal, on any text.
_HEADING_REFERENCE = re.compile(
    r"(?<![一二三四五六七八九十])[一二三四五六七八九十]+\s*[、.]\s*(?P<h>"
    + "|".join(f"(?P<s{i}>{p})" for i, p in enumerate(HEADINGS.values()))
    + ")"
)
_HEADING_TEXT = st.lists(
    st.sampled_from(
        ["一", "二", "十", "六", "、", ".", " ", "\n", "x", "总体情况", "其他需要报告的事项"]
        + [f"{n}、{h}" for n, h in zip("一二三四五六", HEADINGS, strict=True)]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_HEADING_TEXT)
def test_heading_search_matches_the_reference(text):
    def found(pattern: re.Pattern[str]) -> list:
        return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]

    assert found(prose._HEADING) == found(_HEADING_REFERENCE)
