"""Views for the questions asked across reports: copied text, publication dates, a region against
its units. Built from escaped parts (report text is untrusted), like present.py."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from govkit.across.regions import CAVEAT, UnitsComparison
from govkit.audit.timeliness import deadline_kind, parse_date
from govkit.present.findings import HtmlText

COPIED_ZH = {"previous_year": "与本机关上一年度报告相同", "other_agency": "与同年其他机关报告相同"}
SECTION_SHORT = {"总体情况": "一", "存在的主要问题及改进情况": "五", "其他需要报告的事项": "六"}


def _pct(x: float) -> str:
    return "—" if pd.isna(x) else f"{x:.0%}"


def copied_view(sentences: pd.DataFrame, summary: pd.DataFrame | None = None) -> HtmlText:
    """One report's copied sentences, highlighted, each with where it also stands.

    `sentences` are this report's rows of `Copying.sentences` (or `Copying.of(source)`); `summary`
    its row of `Copying.summary`. Without either, says the report was not compared.
    """
    e = html.escape
    if summary is None or summary.empty:
        return HtmlText(
            "<p>未与其他报告比较：单份审核时没有上一年度或其他机关的报告可比（批量审核时才比较）。</p>"
        )
    s = summary.iloc[0]
    head = (
        f"<p>叙述部分（一、五、六）共 {int(s['chars'])} 字参与比较（不含模板规定的套话和短句）："
        f"<b>{_pct(s['share_previous_year'])}</b> 与本机关上一年度报告相同，"
        f"<b>{_pct(s['share_other_agency'])}</b> 与同年其他机关的报告相同"
        f"（数字、序号和标点不计，个别字词不同也算相同）。</p>"
    )
    rows = sentences[sentences["copied"] != ""]
    if rows.empty:
        return HtmlText(head + "<p>没有发现与其他报告相同的句子。</p>")
    items = []
    for sec, text, kind, agency, year, src, other in zip(
        rows["section"].map(SECTION_SHORT).fillna(""),
        rows["text"],
        rows["copied"],
        rows["match_agency"],
        rows["match_year"],
        rows["match_source"],
        rows["match_text"],
        strict=True,
    ):
        where = f"{agency} {'' if pd.isna(year) else int(year)} 年度报告（{Path(str(src)).name}）"
        items.append(
            f"<li><mark>{e(text)}</mark><br><small>第{e(sec)}部分 · {e(COPIED_ZH[kind])}：{e(where)}"
            f"<br>原句：{e(str(other))}</small></li>"
        )
    return HtmlText(head + f"<ol class='copied'>{''.join(items)}</ol>")


def copied_ranking(summary: pd.DataFrame, *, top: int = 20) -> pd.DataFrame:
    """The reports with the largest share of copied narrative, for the overview (shares as %)."""
    rows = summary[summary["chars"] > 0].head(top)
    return pd.DataFrame(
        {
            "机关": rows["agency"],
            "年度": rows["year"].astype("Int64"),
            "参与比较的字数": rows["chars"].astype(int),
            "与上一年度相同": rows["share_previous_year"].map(_pct),
            "与同年其他机关相同": rows["share_other_agency"].map(_pct),
            "合计": rows["share_copied"].map(_pct),
        }
    ).reset_index(drop=True)


def publication_note(reports: list) -> HtmlText:
    """One line for the overview: how many reports could be checked for publication on time.

    Said once here instead of on every page: a report without a date, or whose kind of agency
    (部门 or 本级政府) cannot be told from its name, is not checked.
    """
    dated = [r for r in reports if parse_date(r.meta.published)]
    kinds = [r for r in dated if deadline_kind(r.meta.agency, r.meta.kind)]
    lines = [
        f"按时公布：{len(reports)} 份报告中 {len(reports) - len(dated)} 份没有发布日期，无法检查"
    ]
    if len(dated) > len(kinds):
        lines.append(
            f"{len(dated) - len(kinds)} 份有日期但从机关名称看不出适用哪个期限"
            "（乡镇、街道、管委会等；可在清单 kind 列注明“部门”或“本级政府”）"
        )
    lines.append(f"其余 {len(kinds)} 份已按《条例》第四十九条检查（问题见 timeliness.deadline）。")
    return HtmlText("<p>" + html.escape("；".join(lines)) + "</p>")


UNITS_SHOWN = 20
"""Region-year tables the units view shows at most (~1.4 KB each); the rest are counted and are in
units_totals.csv beside the page."""
UNIT_NAMES = 50
"""Missing units, and units above their region, the view names at most (units_missing.csv and
units_exceeding.csv hold them all)."""


def units_view(comparison: UnitsComparison) -> HtmlText:
    """A region's totals beside the sum of its units, the units missing, and units above it.

    A big batch shows the UNITS_SHOWN region-years with the most units missing or above them and
    names UNIT_NAMES units of each list, saying how many more there are and in which CSV."""
    e = html.escape
    t = comparison.totals
    if t.empty:
        return HtmlText("<p>清单中没有 parent 列（所属单位），没有可比较的本级与所属单位。</p>")
    parts = [f"<p>{e(CAVEAT)}</p>"]
    groups = list(t.groupby(["region", "year"], sort=False))
    flagged = pd.concat([comparison.missing, comparison.exceeding])[["region", "year"]]
    hits = flagged.value_counts().to_dict() if len(flagged) else {}
    ranked = sorted(range(len(groups)), key=lambda i: -hits.get(groups[i][0], 0))[:UNITS_SHOWN]
    for (region, year), g in (groups[i] for i in sorted(ranked)):
        cells = "".join(
            f"<tr><td>{e(str(n))}</td><td class='n'>{_num(r)}</td><td class='n'>{_num(u)}</td>"
            f"<td class='n'>{int(k) if pd.notna(k) else 0}</td></tr>"
            for n, r, u, k in zip(
                g["name"], g["region_value"], g["units_sum"], g["units_read"], strict=True
            )
        )
        parts.append(
            f"<h4>{e(str(region))} {e(str(year))} 年度</h4><table><thead><tr><th>项目</th>"
            f"<th>本级报告</th><th>所属单位合计</th><th>单位数</th></tr></thead><tbody>{cells}"
            "</tbody></table>"
        )
    if len(groups) > UNITS_SHOWN:
        parts.append(
            f"<p>以上是所属单位缺报告或数字大于本级最多的 {UNITS_SHOWN} 个本级报告；另有 "
            f"{len(groups) - UNITS_SHOWN:,} 个未显示（全部见 units_totals.csv）。</p>"
        )
    if len(comparison.missing):
        names = [
            f"{y} 年度：{u}（属 {r}）"
            for r, y, u in comparison.missing[["region", "year", "unit"]].itertuples(index=False)
        ]
        parts.append(
            f"<p><b>本批次中没有报告的所属单位：</b>{e(_listed(names, 'units_missing.csv'))}</p>"
        )
    if len(comparison.exceeding):
        rows = [
            f"{u} {y} 年度 {n} {_num(v)} 大于 {r} 的 {_num(rv)}"
            for r, y, u, n, v, rv in comparison.exceeding[
                ["region", "year", "unit", "name", "unit_value", "region_value"]
            ].itertuples(index=False)
        ]
        parts.append(
            f"<p><b>所属单位数字大于本级报告的：</b>{e(_listed(rows, 'units_exceeding.csv'))}"
            "（请核实本级报告的统计口径）</p>"
        )
    return HtmlText("".join(parts))


def _listed(items: list[str], where: str) -> str:
    """Items joined with "；", the first UNIT_NAMES of a longer list and how many are not shown."""
    if len(items) <= UNIT_NAMES:
        return "；".join(items)
    left = len(items) - UNIT_NAMES
    return (
        "；".join(items[:UNIT_NAMES])
        + f"；另有 {left:,} 条未显示（共 {len(items):,} 条，全部见 {where}）"
    )


def _num(x: float) -> str:
    return "" if pd.isna(x) else f"{x:g}"
