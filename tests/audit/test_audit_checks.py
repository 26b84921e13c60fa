"""Issue 17 (peer parity) and issue 11 class 7 (bounds), kinds, fingerprints, collapsed groups.

Inputs are real corpus reports, small edits of them, the peer's fixture (tests/audit_inputs.py) or
cells frames built to the contracts the readers produce.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import govkit
from govkit.audit import fee_statement
from govkit.audit.context import PLACEHOLDERS
from tests.audit_inputs import PEER_REQUESTS, PEER_TEXT, collapsed, with_cells, without_table
from tests.conftest import SEED, corpus_file

IDENTITY = {
    "requests.balance",
    "requests.results_total",
    "requests.row_total",
    "review_litigation.total",
}
TEXT = {"text.requests", "text.outcomes", "text.review_litigation", "text.percent", "text.fee"}
CORPUS_2021 = [
    "2021_pingtan.txt",
    "2023_pingtan.txt",
    "2023_pingtan.page.html",
    "2025_pingtan.txt",
    "2025_pingtan.page.html",
    "2024_shanghai_kewei.md",
    "2025_shanghai_bangongting.md",
    "2024_huaian_shizhengfu.pdf",
]
PINGTAN_FEE = "2023年，无收取信息处理费情况。"


def peer(text: str = PEER_TEXT) -> govkit.Report:
    return govkit.parse_report(text, source="peer.md")


def identity_findings(f: pd.DataFrame) -> set[tuple]:
    hit = f[f["rule"].isin(IDENTITY)]
    return {(r.rule, r.row, r.col, r.actual, r.expected) for r in hit.itertuples()}


# ------------------------------------------------------------------ the peer's fixture


def test_peer_fixture_reads_as_published():
    """The fixture is what the tests below assume: every printed value read back, nothing else."""
    r = peer()
    assert (r.cells["status"] == "ok").all() and not r.cells["raw"].eq("").any()
    req = r.requests
    assert req.loc["本年新收政府信息公开申请数量", "总计"] == 170
    assert req.loc["上年结转政府信息公开申请数量", "总计"] == 15
    assert req.loc["总计", ["自然人", "总计"]].tolist() == [93, 160]
    results = req.drop(
        index=[
            "本年新收政府信息公开申请数量",
            "上年结转政府信息公开申请数量",
            "总计",
            "结转下年度继续办理",
        ]
    )
    assert results["自然人"].sum() == 95 and results["总计"].sum() == 158
    assert len(results) == len(PEER_REQUESTS) - 4
    rl = r.review_litigation.iloc[0]
    assert rl["行政诉讼/未经复议直接起诉/总计"] == 6
    assert rl.filter(regex="未经复议直接起诉/(?!总计)").sum() == 5


def test_peer_fixture_gives_exactly_the_peers_failures():
    """The peer's two asserted failures, the 总计 one it misses, and the one forced by them (see
    audit_inputs: the published values leave a gap of 4 that must show in one more identity)."""
    f = peer().audit()
    assert identity_findings(f) == {
        ("requests.results_total", "总计", "自然人", 93.0, 95.0),
        ("requests.results_total", "总计", "总计", 160.0, 158.0),
        ("review_litigation.total", "数量", "行政诉讼/未经复议直接起诉/总计", 6.0, 5.0),
        ("requests.row_total", "予以公开", "总计", 68.0, 72.0),  # forced, reconstructed
    }
    # the peer's two text checks agree (新收 170、结转 15; 行政诉讼 7 = 6 + 1) and nothing else fires
    rules = IDENTITY - {"requests.balance"}
    assert set(f["rule"]) == rules | {"diagnosis.single_cell"}
    assert (f["kind"] == "agency").all()


def test_peer_fixture_text_checks_notice_a_changed_number():
    """The two text checks are live on this fixture: change the prose and they fire."""
    f = peer(
        PEER_TEXT.replace("行政诉讼7件", "行政诉讼8件").replace("申请170件", "申请171件")
    ).audit()
    assert {"text.review_litigation", "text.requests"} <= set(f["rule"])


# ------------------------------------------------------------------ placeholders for zero

ZERO_ROW = "| 2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"


@pytest.mark.parametrize("mark", ["/", "／", "—", "——", "-", "－", "无", "\\"])
def test_placeholder_counts_as_zero_with_its_own_finding(mark):
    text = PEER_TEXT.replace(ZERO_ROW, ZERO_ROW.replace(" 0 |", f" {mark} |", 3))
    assert text != PEER_TEXT
    f = peer(text).audit()
    assert identity_findings(f) == identity_findings(peer().audit())  # still decidable, same answer
    assert "arithmetic.undecidable" not in set(f["rule"]) and "cells.text" not in set(f["rule"])
    ph = f[f["rule"] == "cells.placeholder"]
    assert len(ph) == 1 and f"“{mark}”" in ph.iloc[0]["message"]
    assert ph.iloc[0]["cells"] == [
        f"不予公开/其他法律行政法规禁止公开｜{c}" for c in ("自然人", "商业企业", "科研机构")
    ]


SEED_HTML = SEED.with_suffix(".html")
SEED_ROW = "2.其他法律行政法规禁止公开"


def _seed_with(fmt: str, mark: str) -> govkit.Report:
    """The seed (web text or HTML) with its 其他法律行政法规禁止公开 row's first three cells `mark`."""
    if fmt == "html":
        text = SEED_HTML.read_text(encoding="utf-8")
        head, tail = text.split(SEED_ROW, 1)
        tail = tail.replace(">0&nbsp;<", f">{mark}&nbsp;<", 3)
    else:
        text = SEED.read_text(encoding="utf-8")
        head, tail = text.split(SEED_ROW, 1)
        tail = tail.replace("\t0\xa0\n", f"\t{mark}\xa0\n", 3)
    return govkit.parse_report(head + SEED_ROW + tail, source=f"seed.{fmt}")


@pytest.mark.parametrize("fmt", ["html", "txt"])
@pytest.mark.parametrize("mark", ["/", "—", "-", "无"])
def test_placeholder_in_html_and_web_text(fmt, mark):
    plain = _seed_with(fmt, "0").audit()
    f = _seed_with(fmt, mark).audit()
    assert identity_findings(f) == identity_findings(plain) != set()
    ph = f[f["rule"] == "cells.placeholder"]
    assert len(ph) == 1 and len(ph.iloc[0]["cells"]) == 3 and f"“{mark}”" in ph.iloc[0]["message"]
    assert set(f["rule"]) - {"cells.placeholder"} == set(plain["rule"])


@pytest.mark.parametrize("raw", ["…", "增", "暂无", "见附件说明", "一"])
def test_text_that_is_not_a_placeholder_stays_text(raw):
    """Cells frame edit (the reader keeps raw, value NaN, status ok for any text)."""
    r = peer()
    cells = r.cells.copy()
    at = (cells["row"] == "不予公开/其他法律行政法规禁止公开") & (cells["col"] == "自然人")
    cells.loc[at, ["value", "raw"]] = [np.nan, raw]
    f = with_cells(r, cells).audit()
    assert raw not in PLACEHOLDERS
    assert "cells.placeholder" not in set(f["rule"])
    text = f[f["rule"] == "cells.text"]
    assert len(text) == 1 and f"“{raw}”" in text.iloc[0]["message"]


def test_placeholder_in_the_wrong_cell_is_diagnosed_as_printed():
    """The seed's one wrong cell printed "—" instead of 0: the diagnosis quotes what is printed."""
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    i = lines.index("\t（七）总计")
    assert lines[i + 7] == "\t0\xa0"
    lines[i + 7] = "\t—"
    f = govkit.parse_report("\n".join(lines)).audit()
    diag = f[f["rule"] == "diagnosis.single_cell"].iloc[0]
    assert (
        diag["suggestion"] == "（七）总计/总计 应为 1" and "印为“—”（按 0 计）" in diag["message"]
    )


# ------------------------------------------------------------------ bounds (issue 11 class 7)


def _unread(
    report: govkit.Report, cells: list[tuple[str, str]], raw: str = "若干", status: str = "ok"
):
    c = report.cells.copy()
    for row, col in cells:
        at = (c["table"] == "requests") & (c["row"] == row) & (c["col"] == col)
        assert at.sum() == 1, (row, col)
        c.loc[at, ["value", "raw", "status"]] = [np.nan, raw, status]
    return with_cells(report, c)


@pytest.mark.parametrize("status", ["ok", "ambiguous", "missing"])
def test_known_addends_exceeding_the_total_is_an_error_whatever_the_unknowns(status):
    """自然人: the results but one add up to 94 > （七）总计 93; the unread one is ≥ 0, so the identity
    fails whatever it is. Its row's own total could still be closed: that one stays undecidable."""
    r = _unread(peer(), [("不予公开/属于国家秘密", "自然人")], status=status)
    f = r.audit()
    hit = f[(f["rule"] == "requests.results_total") & (f["col"] == "自然人")]
    assert len(hit) == 1
    assert (hit.iloc[0]["actual"], hit.iloc[0]["expected"]) == (93.0, 94.0)
    assert "非负整数" in hit.iloc[0]["message"] and "94" in hit.iloc[0]["message"]
    und = f[f["rule"] == "arithmetic.undecidable"]
    assert set(zip(und["row"], und["col"], strict=True)) == {("不予公开/属于国家秘密", "总计")}
    # the agency's own text or an absent row is theirs; an unsplittable run is govkit's doubt
    assert und.iloc[0]["kind"] == ("reading" if status == "ambiguous" else "agency")


def test_unknowns_that_could_close_the_gap_stay_undecidable():
    """（七）总计/商业企业 unread: it could be 40 (the results' sum): undecidable, never an error."""
    f = _unread(peer(), [("总计", "商业企业")]).audit()
    cols = f[f["rule"].isin(IDENTITY)]["col"]
    assert "商业企业" not in set(cols)
    und = f[f["rule"] == "arithmetic.undecidable"]
    assert {"商业企业", "总计"} <= set(und["col"])
    assert identity_findings(f) == identity_findings(peer().audit())


def test_unknowns_on_both_sides_are_undecidable():
    f = _unread(peer(), [("总计", "自然人"), ("予以公开", "自然人")]).audit()
    assert not ((f["rule"] == "requests.results_total") & (f["col"] == "自然人")).any()


# ------------------------------------------------------------------ kind and fingerprint


def test_every_finding_and_rule_has_a_kind():
    rules = govkit.rules()
    assert set(rules["kind"]) == {"agency", "reading"}
    reading = set(rules.loc[rules["kind"] == "reading", "rule"])
    assert {"cells.ambiguous", "cells.inferred", "parse.note", "arithmetic.undecidable"} <= reading
    f = govkit.read_report(corpus_file("2024_shanghai_kewei.md")).audit()
    assert set(f["kind"]) == {"agency", "reading"}
    assert (f.loc[f["rule"].isin(["parse.note", "cells.ambiguous"]), "kind"] == "reading").all()
    assert (f.loc[f["rule"].str.startswith("requests."), "kind"] == "agency").all()


@pytest.mark.parametrize("name", ["2025_shanghai_bangongting.md", "2024_shanghai_kewei.md"])
def test_fingerprints_are_stable_unique_and_blind_to_the_path(name, tmp_path):
    text = corpus_file(name).read_text(encoding="utf-8")
    a = govkit.read_report(corpus_file(name)).audit()
    copy = tmp_path / "elsewhere.md"
    copy.write_text(text, encoding="utf-8")
    b = govkit.read_report(copy).audit()
    assert a["fingerprint"].is_unique and len(a) > 1
    assert all(re.fullmatch(r"[0-9a-f]{12}", x) for x in a["fingerprint"])
    assert list(a["fingerprint"]) == list(b["fingerprint"])


def test_fingerprint_changes_with_the_values_involved():
    a = peer().audit()
    b = peer(PEER_TEXT.replace("| （七）总计 | 93 |", "| （七）总计 | 92 |")).audit()
    key = (a["rule"] == "requests.results_total") & (a["col"] == "自然人")
    kb = (b["rule"] == "requests.results_total") & (b["col"] == "自然人")
    assert a.loc[key, "fingerprint"].item() != b.loc[kb, "fingerprint"].item()
    same = a["rule"] == "review_litigation.total"
    assert (
        a.loc[same, "fingerprint"].item()
        == b.loc[b["rule"] == "review_litigation.total", "fingerprint"].item()
    )


def test_crossyear_findings_have_fingerprints():
    a = govkit.read_report(corpus_file("2023_pingtan.txt"))
    text = (
        corpus_file("2025_pingtan.txt").read_text(encoding="utf-8").replace("2025年度", "2024年度")
    )
    row = "上年结转政府信息公开申请数量"
    b = govkit.parse_report(text.replace(row + "0000000", row + "1000001"), meta={"year": 2024})
    f = govkit.audit([a, b])
    hit = f[f["rule"] == "crossyear.carryover"]
    assert len(hit) == 2 and hit["fingerprint"].is_unique and (hit["fingerprint"] != "").all()
    assert f["fingerprint"].is_unique


# ------------------------------------------------------------------ collapsed groups


def _pingtan_2023() -> govkit.Report:
    return govkit.read_report(corpus_file("2023_pingtan.page.html"))


def test_collapsed_group_is_used_in_place_of_its_rows():
    """其他处理 printed as one row (1 0 0 0 0 0 | 2… as the sums): no missing rows, no blanks, no
    undecidable identity, one warning; the narrative's 其他处理2件 still agrees."""
    plain = _pingtan_2023().audit()
    f = collapsed(_pingtan_2023(), "其他处理").audit()
    hit = f[f["rule"] == "structure.collapsed_group"]
    assert len(hit) == 1 and hit.iloc[0]["row"] == "其他处理" and hit.iloc[0]["kind"] == "agency"
    assert "3 个子行" in hit.iloc[0]["message"]
    assert not set(f["rule"]) & {"structure.missing_rows", "cells.blank", "arithmetic.undecidable"}
    assert set(f["rule"]) - {"structure.collapsed_group"} == set(plain["rule"])


def test_collapsed_group_row_that_disagrees_is_an_error():
    f = collapsed(_pingtan_2023(), "其他处理", 总计=5).audit()
    assert identity_findings(f) == {
        ("requests.results_total", "总计", "总计", 81.0, 84.0),
        ("requests.row_total", "其他处理", "总计", 5.0, 2.0),
    }
    diag = f[f["rule"] == "diagnosis.single_cell"].iloc[0]
    assert diag["suggestion"] == "其他处理/总计 应为 2"


# ------------------------------------------------------------------ a report without section 三


def test_report_without_section_three_gets_one_finding():
    seed = govkit.read_report(SEED)
    heading = "三、收到和处理政府信息公开申请情况"
    assert heading in seed.text
    for text, kind, severity in (
        (seed.text, "reading", "warning"),  # heading printed, table not read: govkit's doubt
        (seed.text.replace(heading, ""), "agency", "error"),  # neither heading nor table
    ):
        f = without_table(seed, "requests", text).audit()
        req = f[f["table"] == "requests"]
        assert list(req["rule"]) == ["structure.table_absent"], req[["rule", "message"]]
        assert (req.iloc[0]["kind"], req.iloc[0]["severity"]) == (kind, severity)
        assert "无法审核" in req.iloc[0]["message"]
        assert "diagnosis.single_cell" not in set(f["rule"])


def test_report_without_section_four_read_from_text():
    """The peer's report without section 四: one finding for the table, not a missing heading too;
    with the heading and a sentence instead of the table, a reading note quoting the reader."""
    gone = re.sub(r"四、政府信息公开行政复议、行政诉讼情况.*?(五、)", r"\1", PEER_TEXT, flags=re.S)
    said = re.sub(
        r"(四、政府信息公开行政复议、行政诉讼情况\n).*?(五、)",
        r"\1\n本年度未发生政府信息公开行政复议、行政诉讼案件。\n\n\2",
        PEER_TEXT,
        flags=re.S,
    )
    for text, kind in ((gone, "agency"), (said, "reading")):
        f = peer(text).audit()
        rl = f[(f["table"] == "review_litigation") | (f["rule"] == "structure.sections")]
        assert list(rl["rule"]) == ["structure.table_absent"] and rl.iloc[0]["kind"] == kind
        assert "行政诉讼情况无法审核" in rl.iloc[0]["message"]
        assert identity_findings(f) == identity_findings(peer().audit()) - {
            ("review_litigation.total", "数量", "行政诉讼/未经复议直接起诉/总计", 6.0, 5.0)
        }


# ------------------------------------------------------------------ section 五 empty


def _pingtan_problems(body: str) -> pd.DataFrame:
    text = corpus_file("2023_pingtan.txt").read_text(encoding="utf-8")
    new = re.sub(
        r"(五、存在的主要问题及改进情况).*?(六、其他需要报告的事项)",
        lambda m: m[1] + body + m[2],
        text,
    )
    assert new != text
    return govkit.parse_report(new).audit()


@pytest.mark.parametrize(
    "body",
    [
        "",
        "无",
        "无。",
        "暂无。",
        "本年度无。",
        "本年度无存在的主要问题及改进情况。",
        "问题较少，继续努力。",
    ],
)
def test_empty_problems_section_fires_and_quotes(body):
    f = _pingtan_problems(body)
    hit = f[f["rule"] == "structure.problems_empty"]
    assert len(hit) == 1 and hit.iloc[0]["kind"] == "agency"
    assert (f"“{body}”" if body else "为空") in hit.iloc[0]["message"]


@pytest.mark.parametrize(
    "body", ["一是解读不够；二是将加强培训。", "队伍建设不足，下一步加强培训。"]
)
def test_short_but_real_problems_section_is_quiet(body):
    assert "structure.problems_empty" not in set(_pingtan_problems(body)["rule"])


# ------------------------------------------------------------------ 信息处理费


def _pingtan_fee(six: str, *, heading: bool = True) -> govkit.Report:
    text = corpus_file("2023_pingtan.txt").read_text(encoding="utf-8")
    assert PINGTAN_FEE in text
    text = text.replace(PINGTAN_FEE, six)
    if not heading:
        text = text.replace("六、其他需要报告的事项", "")
    return govkit.parse_report(text)


@pytest.mark.parametrize(
    ("six", "charged", "amount"),
    [
        ("2023年，无收取信息处理费情况。", False, 0.0),
        ("本年度未收取信息处理费。", False, 0.0),
        ("本机关未收取信息公开处理费。", False, 0.0),
        ("本年度信息公开处理费收费情况\n2023 年，本委未发生政府信息公开收费事项。", False, 0.0),
        (
            "依据《政府信息公开信息处理费管理办法》，本年度共发出收费通知0件，实际收取0元。",
            False,
            0.0,
        ),
        ("本机关依申请公开政府信息未收取任何费用。", False, 0.0),
        ("本年度收取信息处理费 120 元。", True, 120.0),
        ("共发出收费通知3件，总金额150元，实际收取信息处理费120元。", True, 120.0),
        ("全年收取政府信息公开信息处理费0.5万元。", True, 5000.0),
    ],
)
def test_fee_statement_families(six, charged, amount):
    r = _pingtan_fee(six)
    fee = fee_statement(r)
    assert (fee["stated"], fee["charged"], fee["amount"], fee["where"]) == (
        True,
        charged,
        amount,
        "六",
    )
    assert "text.fee" not in set(r.audit()["rule"])


@pytest.mark.parametrize(
    "six",
    ["无。", "本年度无其他需要报告的事项。", "", "严格执行《政府信息公开信息处理费管理办法》。"],
)
def test_section_six_silent_on_the_fee_gets_a_warning(six):
    r = _pingtan_fee(six)
    assert fee_statement(r)["shown"] == "未说明"
    hit = r.audit().query("rule == 'text.fee'")
    assert (
        len(hit) == 1 and hit.iloc[0]["severity"] == "warning" and hit.iloc[0]["kind"] == "agency"
    )
    assert "信息处理费" in hit.iloc[0]["message"]


def test_fee_found_outside_a_lost_section_six_heading():
    r = _pingtan_fee(PINGTAN_FEE, heading=False)
    assert "其他需要报告的事项" not in r.sections
    assert fee_statement(r)["where"] == "正文"
    assert "text.fee" not in set(r.audit()["rule"])
    r = _pingtan_fee("", heading=False)
    assert "text.fee" in set(r.audit()["rule"])


def test_fee_under_a_section_six_heading_in_other_words():
    """ "六、其他需要说明的事项" is not the template's wording: section 六 is not found, but what
    follows the 六 heading is still read with section 六's looser words ("任何费用")."""
    text = corpus_file("2023_pingtan.txt").read_text(encoding="utf-8")
    other = text.replace(
        "六、其他需要报告的事项" + PINGTAN_FEE, "六、其他需要说明的事项本机关未收取任何费用。"
    )
    assert other != text
    r = govkit.parse_report(other)
    assert "其他需要报告的事项" not in r.sections
    assert fee_statement(r)["shown"] == "未收取" and "text.fee" not in set(r.audit()["rule"])
    silent = govkit.parse_report(other.replace("本机关未收取任何费用。", "无。"))
    assert "text.fee" in set(silent.audit()["rule"])


@pytest.mark.parametrize(
    ("row", "charged", "shown"),
    [("2 | 300 | 200", True, "200 元"), ("0 | 0 | 0", False, "未收取（0 元）")],
)
def test_fee_stated_as_the_templates_small_table(row, charged, shown):
    """件数 | 总金额 | 实际收取总金额 as a table in section 六 (markdown): the row's last number."""
    six = (
        "依据《政府信息公开信息处理费管理办法》，本年度收费情况如下：\n\n"
        "| 发出收费通知的件数 | 发出收费通知的总金额（元） | 实际收取的总金额（元） |\n"
        f"|---|---|---|\n| {row} |\n"
    )
    r = peer(PEER_TEXT.replace("本年度未收取信息处理费。", six))
    fee = fee_statement(r)
    assert (fee["stated"], fee["charged"], fee["shown"], fee["where"]) == (
        True,
        charged,
        shown,
        "六",
    )
    assert "text.fee" not in set(r.audit()["rule"])


def test_fee_not_asked_of_2019_template_reports():
    r = govkit.read_report(SEED)
    assert r.meta.template == "2019" and not fee_statement(r)["asked"]
    assert "text.fee" not in set(r.audit()["rule"])


def test_fee_shown_for_the_page():
    assert (
        fee_statement(govkit.read_report(corpus_file("2024_huaian_shizhengfu.pdf")))["shown"]
        == "3940 元"
    )
    kewei = fee_statement(govkit.read_report(corpus_file("2024_shanghai_kewei.md")))
    assert kewei["shown"] == "未收取" and "未发生政府信息公开收费事项" in kewei["sentence"]


# ------------------------------------------------------------------ the corpus stays quiet


@pytest.mark.parametrize("name", CORPUS_2021)
def test_corpus_2021_reports_are_quiet_on_the_new_checks(name):
    r = govkit.read_report(corpus_file(name))
    assert r.meta.template == "2021"
    f = r.audit()
    new = {"structure.problems_empty", "text.fee", "cells.placeholder", "structure.table_absent"}
    assert not new & set(f["rule"]), f[f["rule"].isin(new)]
    assert fee_statement(r)["stated"]


def test_single_cell_diagnosis_counts_identities_violated_by_bounds():
    """One wrong cell in 三 explains the decided failures; a 行政复议 total below its known results
    (one result unread) is a failure it does not explain: no single-cell claim then."""
    r = _pingtan_2023()
    c = r.cells.copy()
    at = (c["row"] == "总计") & (c["col"] == "自然人")
    c.loc[at, ["value", "raw"]] = [79.0, "79"]
    one = with_cells(r, c).audit()
    diag = one[one["rule"] == "diagnosis.single_cell"].iloc[0]
    assert diag["suggestion"] == "（七）总计/自然人 应为 80"
    rl = c["table"] == "review_litigation"
    c.loc[rl & (c["col"] == "行政复议/结果维持"), ["value", "raw"]] = [np.nan, "若干"]
    c.loc[rl & (c["col"] == "行政复议/总计"), ["value", "raw"]] = [0.0, "0"]
    two = with_cells(r, c).audit()
    review = two[two["rule"] == "review_litigation.total"]
    assert list(review["col"]) == ["行政复议/总计"] and "非负整数" in review.iloc[0]["message"]
    diag = two[two["rule"] == "diagnosis.single_cell"]
    assert len(diag) == 1 and "4 个不成立" in diag.iloc[0]["message"]
    assert "至少有两处" in diag.iloc[0]["message"]


def test_reading_notes_are_never_errors_and_fingerprints_never_collide():
    """Pages and exit codes count errors; a reading note must never be one. Twin findings (the same
    note twice) still get distinct ids."""
    from govkit.audit.registry import findings_frame

    for name in CORPUS_2021:
        f = govkit.read_report(corpus_file(name)).audit()
        assert not ((f["kind"] == "reading") & (f["severity"] == "error")).any(), name
        assert f["fingerprint"].is_unique, name
    twin = {"table": "requests", "row": "", "message": "同一条说明"}
    twins = findings_frame([("parse.note", twin), ("parse.note", twin)], agency="甲", year=2024)
    assert twins["fingerprint"].is_unique
    again = findings_frame([("parse.note", twin), ("parse.note", twin)], agency="甲", year=2024)
    assert list(again["fingerprint"]) == list(twins["fingerprint"])


def test_lost_section_five_heading_is_a_reading_note_when_its_content_is_there():
    """科委 2024 and 办公厅 2025 (.md from PDF) lost the heading of 五 but print （一）主要问题 …;
    a report that has neither heading nor content is the agency's."""
    for name, sub in (
        ("2024_shanghai_kewei.md", "（一）主要问题"),
        ("2025_shanghai_bangongting.md", "（一）2024 年工作中存在问题的改进情况"),
    ):
        f = govkit.read_report(corpus_file(name)).audit()
        hit = f[f["rule"] == "structure.sections"]
        assert len(hit) == 1 and (hit.iloc[0]["kind"], hit.iloc[0]["severity"]) == (
            "reading",
            "info",
        )
        assert hit.iloc[0]["sentence"] == sub
    text = corpus_file("2023_pingtan.txt").read_text(encoding="utf-8")
    cut = re.sub(r"五、存在的主要问题及改进情况.*?(六、其他需要报告的事项)", r"\1", text)
    assert cut != text
    f = govkit.parse_report(cut).audit()
    hit = f[f["rule"] == "structure.sections"]
    assert len(hit) == 1 and (hit.iloc[0]["kind"], hit.iloc[0]["severity"]) == ("agency", "warning")


def test_inferred_cells_say_whether_prose_or_identities_chose_the_split():
    """Prose evidence (flat reader: source_ref quotes 正文) is not the identities' choice."""
    r = govkit.read_report(corpus_file("2023_pingtan.txt"))
    c = r.cells.copy()
    row = c.loc[c["status"] == "inferred", "row"].iloc[0]
    c.loc[c["row"] == row, "source_ref"] = 'line 10, char 1326; 正文 "…制发行政规范性文件77件…"'
    f = with_cells(r, c).audit().query("rule == 'cells.inferred'")
    by_row = dict(zip(f["row"], f["message"], strict=True))
    assert "按报告正文所述数字确定" in by_row[row]
    assert all("按全表勾稽关系唯一确定" in m for k, m in by_row.items() if k != row)
    assert (f["kind"] == "reading").all()


def test_a_printed_blank_row_is_one_finding_and_counts_as_zero():
    """Issue 11 class 1: a row printed with every cell blank (&nbsp;) is blank cells, counted as 0;
    said once for the row. A row with one blank cell keeps its per-cell finding."""
    r = _pingtan_2023()
    c = r.cells.copy()
    row = "不予公开/属于国家秘密"  # all 0 in the report: blank leaves every identity as it was
    c.loc[c["row"] == row, ["value", "raw"]] = [np.nan, ""]
    one = (c["row"] == "予以公开") & (c["col"] == "其他")
    c.loc[one, ["value", "raw"]] = [np.nan, ""]
    f = with_cells(r, c).audit()
    blank = f[f["rule"] == "cells.blank"]
    assert sorted(zip(blank["row"], blank["col"], strict=True)) == [
        ("不予公开/属于国家秘密", "自然人"),
        ("予以公开", "其他"),
    ]
    whole = blank[blank["row"] == row].iloc[0]
    assert len(whole["cells"]) == 7 and "7 个单元格全部空白" in whole["message"]
    assert not set(f["rule"]) & (IDENTITY | {"arithmetic.undecidable", "structure.missing_rows"})


def test_the_readers_note_on_a_collapsed_group_is_said_once():
    """The grid reader notes “（六）其他处理”印成一行…; the structure warning already says it."""
    r = collapsed(_pingtan_2023(), "其他处理")
    note = {
        "table": ["requests", "requests"],
        "row": ["其他处理", "予以公开"],
        "message": [
            "“（六）其他处理”印成一行、没有分列其下 3 个小项，按该组合计读取",
            "另一条说明",
        ],
        "message_en": ["collapsed", "other"],
        "source_ref": ["", ""],
    }
    r = govkit.Report(r.meta, r.cells, pd.DataFrame(note), r.text)
    f = r.audit()
    assert list(f.loc[f["rule"] == "parse.note", "message"]) == ["另一条说明"]
    assert (f["rule"] == "structure.collapsed_group").sum() == 1


def test_a_table_of_contents_is_not_an_empty_section_five():
    """Numbered headings listed as a contents list: 五 "empty" there says nothing of the agency."""
    toc = "".join(
        f"{n}、{h}\n"
        for n, h in zip(
            "一二三四五六",
            (
                "总体情况",
                "主动公开政府信息情况",
                "收到和处理政府信息公开申请情况",
                "政府信息公开行政复议、行政诉讼情况",
                "存在的主要问题及改进情况",
                "其他需要报告的事项",
            ),
            strict=True,
        )
    )
    r = peer()
    listed = with_cells(r, r.cells, text=toc + PEER_TEXT)
    assert listed.sections["存在的主要问题及改进情况"] == ""
    assert "structure.problems_empty" not in set(listed.audit()["rule"])
