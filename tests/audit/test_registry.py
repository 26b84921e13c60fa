"""Every audit rule has a case where it fires and one where it must stay quiet.

Cases are real reports or small edits of them (one cell, one line). A rule added to govkit without
a row here fails `test_every_rule_has_cases`.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

import govkit
from tests.audit_inputs import collapsed, without_table
from tests.conftest import DATA, SEED, corpus_file

SEED_TEXT = SEED.read_text(encoding="utf-8")
NEW_ROW = "\t一、本年新收政府信息公开申请数量\n\t\xa01\n"  # seed: 本年新收, then its 自然人 cell


def seed(text: str = SEED_TEXT, **meta) -> pd.DataFrame:
    return govkit.parse_report(text, meta=meta or None).audit()


def data(name: str) -> pd.DataFrame:
    return govkit.read_report(DATA / name).audit()


def corpus(name: str) -> pd.DataFrame:
    return govkit.read_report(corpus_file(name)).audit()


def seed_edit(old: str, new: str) -> Callable[[], pd.DataFrame]:
    def run() -> pd.DataFrame:
        assert old in SEED_TEXT, f"edit target not in the seed: {old!r}"
        return seed(SEED_TEXT.replace(old, new, 1))

    return run


def _seed_two_years(change_2019: int = 0) -> Callable[[], pd.DataFrame]:
    """The seed as 2019 and as 2020 of one agency; 2019's 行政强制 本年增/减 set to `change_2019`.

    2020's 上一年项目数量 (1) must equal 2019's 上一年项目数量 (1) plus 2019's 本年增/减.
    """

    def run() -> pd.DataFrame:
        edited = SEED_TEXT.replace(
            "\t行政强制\n\t1\n\t0\n", f"\t行政强制\n\t1\n\t{change_2019}\n", 1
        )
        assert change_2019 == 0 or edited != SEED_TEXT
        y2019 = govkit.parse_report(edited, meta={"year": 2019, "agency": "甲"})
        y2020 = govkit.parse_report(SEED_TEXT, meta={"year": 2020, "agency": "甲"})
        return govkit.audit([y2019, y2020])

    return run


def _pingtan_2024_2025(carried: str) -> pd.DataFrame:
    """2023 and the 2025 report relabelled 2024, its 上年结转 row replaced by `carried`."""
    a = govkit.read_report(corpus_file("2023_pingtan.txt"))
    text = (
        corpus_file("2025_pingtan.txt").read_text(encoding="utf-8").replace("2025年度", "2024年度")
    )
    row = "上年结转政府信息公开申请数量"
    assert row + "0000000" in text
    b = govkit.parse_report(text.replace(row + "0000000", row + carried), meta={"year": 2024})
    return govkit.audit([a, b])


def _seed_review_wrong() -> pd.DataFrame:
    """Seed section 四 with 未经复议直接起诉/总计 printed 2 instead of 1."""
    lines = SEED_TEXT.split("\n")
    start = lines.index("四、政府信息公开行政复议、行政诉讼情况")
    values = [i for i in range(start, start + 60) if lines[i].strip("\t \xa0") in {"0", "1"}]
    assert lines[values[9]].strip() == "1"
    lines[values[9]] = "\t2"
    return seed("\n".join(lines))


def _pingtan_edit(old: str, new: str) -> Callable[[], pd.DataFrame]:
    """data/2023_pingtan.txt with one passage replaced."""

    def run() -> pd.DataFrame:
        text = (DATA / "2023_pingtan.txt").read_text(encoding="utf-8")
        assert old in text, f"edit target not in 2023_pingtan.txt: {old!r}"
        return govkit.parse_report(text.replace(old, new, 1)).audit()

    return run


QUIET_KEWEI = lambda: data("2024_shanghai_kewei.md")  # noqa: E731
QUIET_PINGTAN = lambda: data("2023_pingtan.txt")  # noqa: E731

# rule -> (fires, quiet)
CASES: dict[str, tuple[Callable[[], pd.DataFrame], Callable[[], pd.DataFrame]]] = {
    "requests.balance": (seed, QUIET_PINGTAN),
    "requests.results_total": (seed, QUIET_KEWEI),
    "requests.row_total": (seed, QUIET_PINGTAN),
    "review_litigation.total": (_seed_review_wrong, seed),
    "arithmetic.undecidable": (seed_edit(NEW_ROW, NEW_ROW.replace("1", "若干")), seed),
    "diagnosis.single_cell": (seed, QUIET_PINGTAN),
    "cells.blank": (seed, QUIET_PINGTAN),
    "cells.text": (seed, QUIET_KEWEI),
    "cells.negative": (seed_edit("\t规章\n\t0\n", "\t规章\n\t-2\n"), seed),
    "cells.fraction": (seed_edit("\t规章\n\t0\n", "\t规章\n\t1.5\n"), seed),
    "cells.unit": (seed_edit("\t规章\n\t0\n", "\t规章\n\t3元\n"), seed),
    "cells.no_unit": (seed, QUIET_KEWEI),
    "cells.ambiguous": (QUIET_PINGTAN, seed),
    "cells.inferred": (QUIET_PINGTAN, seed),
    "structure.missing_rows": (  # the whole printed row left out (a row whose label is cut to
        # "（六）" is still a printed row: placed by position between its neighbours)
        seed_edit("\t\n\t（六）其他处理\n\t\u00a00\n" + "\t0\u00a0\n" * 5 + "\t\u00a00\n\n", ""),
        seed,
    ),
    "parse.note": (lambda: corpus("2025_shanghai_bangongting.md"), seed),
    "structure.template_year": (lambda: seed(year=2022), seed),
    "structure.problems_empty": (
        lambda: govkit.parse_report(
            (DATA / "2023_pingtan.txt")
            .read_text(encoding="utf-8")
            .split("五、存在的主要问题及改进情况")[0]
            + "五、存在的主要问题及改进情况无。六、其他需要报告的事项2023年，无收取信息处理费情况。"
        ).audit(),
        QUIET_PINGTAN,
    ),
    "structure.table_absent": (
        lambda: without_table(govkit.read_report(SEED), "requests").audit(),
        seed,
    ),
    "structure.collapsed_group": (
        lambda: collapsed(govkit.read_report(DATA / "2023_pingtan.txt"), "其他处理").audit(),
        QUIET_PINGTAN,
    ),
    "cells.placeholder": (seed_edit("\t规章\n\t0\n", "\t规章\n\t/\n"), seed),
    "text.fee": (_pingtan_edit("2023年，无收取信息处理费情况。", "无。"), QUIET_KEWEI),
    "structure.sections": (QUIET_KEWEI, seed),
    "structure.period": (lambda: seed(SEED_TEXT.replace("2020年1月1日", "2019年1月1日")), seed),
    "text.requests": (
        lambda: govkit.parse_report(
            corpus_file("2024_shanghai_kewei.md")
            .read_text(encoding="utf-8")
            .replace("全年收到政府信息公开申请 34 件", "全年收到政府信息公开申请 40 件")
        ).audit(),
        QUIET_KEWEI,
    ),
    "text.outcomes": (
        lambda: govkit.parse_report(
            corpus_file("2024_shanghai_kewei.md")
            .read_text(encoding="utf-8")
            .replace("无法提供的 10 件", "无法提供的 12 件")
        ).audit(),
        QUIET_KEWEI,
    ),
    "text.review_litigation": (
        lambda: govkit.parse_report(
            corpus_file("2025_pingtan.txt")
            .read_text(encoding="utf-8")
            .replace("复议36起", "复议37起")
        ).audit(),
        lambda: corpus("2025_pingtan.txt"),
    ),
    "text.percent": (
        lambda: govkit.parse_report(
            corpus_file("2025_shanghai_bangongting.md")
            .read_text(encoding="utf-8")
            .replace("208 件（17.46%）", "208 件（27.46%）")
        ).audit(),
        lambda: corpus("2025_shanghai_bangongting.md"),
    ),
    "crossyear.carryover": (
        lambda: _pingtan_2024_2025("1000001"),
        lambda: _pingtan_2024_2025("0000000"),
    ),
    "crossyear.active_stock": (_seed_two_years(2), _seed_two_years(0)),
    # 平潭 2023 was published 2024-03-08 (its crawler header): late for a 部门, on time for a 政府
    "timeliness.deadline": (
        lambda: govkit.read_report(corpus_file("2023_pingtan.txt"), meta={"kind": "部门"}).audit(),
        lambda: govkit.read_report(
            corpus_file("2023_pingtan.txt"), meta={"kind": "本级政府"}
        ).audit(),
    ),
}


def test_readme_rule_table_matches_rules():
    """README's rule table (header row, then one row per rule) is govkit.rules(), in order."""
    text = (DATA.parent / "README.md").read_text(encoding="utf-8")
    section = text.split("## 审核规则", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| 规则 `rule` |")
    got = [tuple(c.strip().strip("`") for c in r.strip("|").split(" | ")) for r in rows[1:]]
    want = [(r.rule, r.severity, r.kind, r.meaning) for r in govkit.rules().itertuples()]
    assert got == want


def test_every_rule_has_cases():
    assert set(govkit.rules()["rule"]) == set(CASES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fires(rule):
    found = CASES[rule][0]()
    assert rule in set(found["rule"]), f"{rule} should fire"


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_stays_quiet(rule):
    found = CASES[rule][1]()
    assert rule not in set(found["rule"]), (
        f"{rule} should not fire:\n{found[found['rule'] == rule]}"
    )
