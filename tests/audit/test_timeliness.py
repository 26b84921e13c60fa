"""Published on time: which deadline applies, which date is the evidence, and what is left unsaid."""

from __future__ import annotations

import datetime as dt

import pytest

import govkit
from govkit.audit.timeliness import DEPARTMENT, GOVERNMENT, deadline_kind, parse_date
from tests.conftest import SEED, corpus_file


@pytest.mark.parametrize(
    ("agency", "kind"),
    [
        ("淮安市人民政府", GOVERNMENT),
        ("福州市长乐区人民政府", GOVERNMENT),
        ("上海市人民政府办公厅", DEPARTMENT),
        ("上海市科学技术委员会", DEPARTMENT),
        ("宁河区造甲城镇人民政府", None),  # a township: 第四十九条 names 县级以上 only
        ("东城区东华门街道办事处", None),
        ("平潭综合实验区", None),  # a 管委会's region: the name does not say
        (None, None),
    ],
)
def test_the_name_decides_the_deadline_only_when_it_can(agency, kind):
    assert deadline_kind(agency) == kind


def test_a_manifest_kind_wins_over_the_name():
    assert deadline_kind("平潭综合实验区", "本级政府") == GOVERNMENT
    assert deadline_kind("淮安市人民政府", "department") == DEPARTMENT
    assert deadline_kind("淮安市人民政府", "？") == GOVERNMENT  # an unknown word is no override


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2024-03-08 15:34", dt.date(2024, 3, 8)),
        ("2024/3/8", dt.date(2024, 3, 8)),
        ("2024年3月8日", dt.date(2024, 3, 8)),
        ("2024-02-30", None),
        ("", None),
        (None, None),
    ],
)
def test_dates_in_the_forms_sites_print(text, date):
    assert parse_date(text) == date


def _timeliness(report) -> list[str]:
    f = report.audit()
    return f.loc[f["rule"] == "timeliness.deadline", "message"].tolist()


def test_a_department_publishing_in_march_is_late_and_the_evidence_is_named():
    rep = govkit.read_report(corpus_file("2023_pingtan.txt"), meta={"kind": "部门"})
    assert rep.meta.published_source == "crawler"
    (msg,) = _timeliness(rep)
    assert "2024年03月08日" in msg and "网页抓取记录的发布时间" in msg and "37 天" in msg


def test_a_manifest_date_is_the_evidence_when_given():
    rep = govkit.read_report(
        SEED, meta={"published": "2021-04-02", "agency": "天津市宁河区人民政府"}
    )
    assert rep.meta.published_source == "manifest"
    (msg,) = _timeliness(rep)
    assert "清单" in msg and "2021年03月31日" in msg and "2 天" in msg


def test_no_date_or_no_kind_says_nothing_per_report():
    assert _timeliness(govkit.read_report(SEED)) == []  # no publication date in the seed
    assert _timeliness(govkit.read_report(corpus_file("2023_pingtan.txt"))) == []  # kind unknown


def test_a_page_meta_date_is_read_when_the_page_prints_none():
    page = (SEED.parent / "2020_ninghe_zaojiachengzhen.html").read_text(encoding="utf-8")
    assert "<head>" in page
    late = page.replace("<head>", '<head><meta name="PubDate" content="2021-04-09 10:00">', 1)
    rep = govkit.parse_report(late, meta={"agency": "天津市宁河区人民政府"})
    assert (rep.meta.published, rep.meta.published_source) == ("2021-04-09 10:00", "html")
    (msg,) = _timeliness(rep)
    assert "网页发布日期元数据" in msg and "9 天" in msg


def test_a_pdf_creation_date_is_the_weakest_evidence_and_named_so():
    rep = govkit.read_report(corpus_file("2024_huaian_shizhengfu.pdf"))
    assert (rep.meta.published, rep.meta.published_source) == ("2025-02-25", "pdf")
    assert _timeliness(rep) == []  # 淮安市人民政府: 本级政府, due 2025-03-31
    late = govkit.read_report(corpus_file("2024_huaian_shizhengfu.pdf"), meta={"kind": "部门"})
    (msg,) = _timeliness(late)
    assert "PDF 文件创建日期（证据最弱）" in msg and "25 天" in msg
