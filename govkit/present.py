"""Tables for people: each table in the template's layout, problem cells coloured (pandas Styler).

Styler does not escape cell text unless asked, and report text is untrusted: every Styler here is
built with escape="html", so an agency name or cell holding `<script>` shows as text.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
from pandas.io.formats.style import Styler

from govkit.metrics import (
    METRICS,
    MIN_BASE,
    get_metric,
    pooled_metrics,
    report_metrics,
    wide_metrics,
)
from govkit.reviews import REVIEW_STATE_ZH, open_findings
from govkit.templates import TABLE_NAMES, col_order, display_label, row_order

COLOURS = {
    "fail": "background-color:#f8b4b4;font-weight:bold",  # the diagnosed cell, else an error's cell
    "part": "background-color:#fde68a",  # takes part in a failing identity
    "text": "background-color:#fdba74",  # text or undecidable
    "blank": "background-color:#e5e7eb",
}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
DIAGNOSIS = "diagnosis.single_cell"
IDENTITY_RULES = (
    "requests.balance",
    "requests.results_total",
    "requests.row_total",
    "review_litigation.total",
)
"""The arithmetic identities the single-cell diagnosis explains."""

READING_RULES = frozenset(
    {"arithmetic.undecidable", "cells.ambiguous", "cells.inferred", "parse.note"}
)
"""Rules whose findings say what govkit could not read, when findings carry no `kind` column."""

FORMAT_ZH = {
    "text": "纯文本",
    "crawler-text": "网页抓取文本（数字连写）",
    "html": "网页 HTML",
    "markdown": "Markdown（PDF/OCR 转出）",
    "docx": "Word 文档（.docx）",
    "pdf": "PDF",
}
UNREAD = "？"
"""Shown in the cells of an ambiguous run after the first, which carries the printed text once."""


def is_reading(findings: pd.DataFrame) -> pd.Series:
    """True for reading notes (govkit could not read something), False for the agency's defects.

    The audit's `kind` column decides when present ("reading" / "agency"); without it the rules in
    READING_RULES are reading notes. A reading note is never counted as an error of the agency.
    """
    if "kind" in findings.columns:
        return findings["kind"].eq("reading")
    return findings["rule"].isin(READING_RULES)


def agency_findings(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings that are defects of the printed report (what pages count as 错误/警告)."""
    return findings[~is_reading(findings)]


def reading_findings(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings that are reading notes, shown apart from the agency's errors."""
    return findings[is_reading(findings)]


def table_view(report, table: str) -> pd.DataFrame:
    """The table as printed: numbers where they are numbers (money with its unit: 4068.21 万元),
    the raw text elsewhere. An ambiguous run of digits (one printed string over several cells of
    a row) shows its text once, in the first of those cells; the others show ？, since the text is
    not the value of any one of them."""
    c = report.cells[report.cells["table"] == table]
    number = c["value"].map(_fmt, na_action="ignore")
    unit = c["unit"].fillna("") if "unit" in c.columns else pd.Series("", index=c.index)
    number = number.where(unit.eq(""), number + " " + unit)
    shown = c["raw"].where(c["value"].isna(), number)
    ambiguous = c["status"].eq("ambiguous") & c["raw"].ne("")
    order = c["col"].map({k: i for i, k in enumerate(col_order(table))})
    run = (
        [c["row"], c["raw"], c["source_ref"]] if "source_ref" in c.columns else [c["row"], c["raw"]]
    )
    first = order.eq(
        order[ambiguous].groupby([r[ambiguous] for r in run]).transform("min")
    ).reindex(c.index, fill_value=False)
    shown = shown.mask(ambiguous & ~first, UNREAD)
    wide = c.assign(shown=shown).pivot(index="row", columns="col", values="shown")
    wide = wide.loc[
        [r for r in row_order(table) if r in wide.index],
        [k for k in col_order(table) if k in wide.columns],
    ]
    wide.index = [display_label(r) for r in wide.index]
    wide.index.name, wide.columns.name = None, None
    return wide.fillna("")


def _fmt(v: float) -> str:
    """Every printed digit kept (5949.088667, not 5949.09): a shortened number is a wrong one."""
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.6f}".rstrip("0").rstrip(".")


def styled_table(report, table: str, findings: pd.DataFrame | None = None) -> Styler:
    """A table in the template layout with the diagnosed or failing (red), participating (yellow),
    text (orange) and blank (grey) cells coloured, for notebooks and HTML reports.

    When the single-cell diagnosis names a cell, that cell is the red one: the totals the failing
    identities are anchored on are only participants, so the reader is sent to the cell to fix.
    """
    view = table_view(report, table)
    marks = _marks(view, report, table, findings)
    if table == "review_litigation":  # the template's header: 行政诉讼 › 复议后起诉 › 结果维持
        view.columns = marks.columns = _header_levels(view.columns)
    title = f"{report.meta.agency or '（机关未识别）'} {report.meta.year or ''} 年 · {TABLE_NAMES[table]}"
    return (
        view.style.format(escape="html")
        .format_index(escape="html", axis=0)
        .format_index(escape="html", axis=1)
        .apply(lambda _: marks, axis=None)
        .set_caption(html.escape(title))  # Styler does not escape captions
        .set_table_styles(
            [
                {
                    "selector": "caption",
                    "props": "font-weight:bold;font-size:1.1em;text-align:left",
                },
                {"selector": "th.col_heading", "props": "text-align:center"},
                {"selector": "td", "props": "text-align:right;white-space:nowrap"},
            ]
        )
    )


def _marks(view: pd.DataFrame, report, table: str, findings: pd.DataFrame | None) -> pd.DataFrame:
    """CSS per cell of `view`: blank and text cells, then identity participants, then errors."""
    marks = pd.DataFrame("", index=view.index, columns=view.columns)

    def mark(row: str, col: str, colour: str, *, overwrite: bool = True) -> None:
        key = (display_label(row), col)
        if key[0] in marks.index and key[1] in marks.columns and (overwrite or not marks.loc[key]):
            marks.loc[key] = colour

    c = report.cells[report.cells["table"] == table]
    for r in c.itertuples():
        if r.raw == "" and r.status == "ok":
            mark(r.row, r.col, COLOURS["blank"])
        elif r.raw and r.value != r.value:
            mark(r.row, r.col, COLOURS["text"])
    if findings is None or findings.empty:
        return marks
    f = findings[findings["table"] == table]
    for refs in f["cells"].dropna():
        for ref in refs or []:
            row, _, col = ref.partition("｜")
            mark(row, col, COLOURS["part"], overwrite=False)
    errors = f[f["severity"] == "error"]
    if (errors["rule"] == DIAGNOSIS).any():
        errors = errors[~errors["rule"].isin(IDENTITY_RULES)]
    for row, col in zip(errors["row"], errors["col"], strict=True):
        if isinstance(row, str) and isinstance(col, str):
            mark(row, col, COLOURS["fail"])
    return marks


def _header_levels(cols: pd.Index) -> pd.MultiIndex:
    """行政复议/结果维持 → (行政复议, "", 结果维持): equal neighbours merge into spanning headers."""
    parts = [str(c).split("/") for c in cols]
    depth = max(len(p) for p in parts)
    return pd.MultiIndex.from_tuples([(p[0], *[""] * (depth - len(p)), *p[1:]) for p in parts])


FINDING_COLOURS = {"错误": "#b91c1c", "警告": "#b45309", "提示": "#4b5563"}
LONG_MESSAGE = 200
"""Characters after which a message without a list is folded to one line, the rest on demand."""
LONG_LIST = 3
"""Cells after which an undecidable identity's list (“…无法判定：甲（印为“增”）、乙（未能读出：
ambiguous）、…”) is folded."""


def _message_html(message: str) -> str:
    """A message, escaped; one listing many cells, or a very long one, folds to a one-line
    <details> whose summary says how many cells there are and whose body lists them."""
    e = html.escape
    head, sep, rest = message.partition("无法判定：")
    listed, comma, tail = (
        rest.rpartition("，这些单元格") if "，这些单元格" in rest else (rest, "", "")
    )
    items = (
        re.split(r"(?<=）)、", listed.rstrip("。")) if sep else []
    )  # each cell ends with （why）
    if len(items) > LONG_LIST:
        summary = f"{head}无法判定：{len(items)} 个单元格不可用（点开查看）"
        body = "<ul>" + "".join(f"<li>{e(i)}</li>" for i in items) + "</ul>"
        body += f"<p>这些单元格{e(tail)}</p>" if comma else ""
    elif len(message) > LONG_MESSAGE:
        summary = message[: LONG_MESSAGE // 2] + "…（点开查看全文）"
        body = f"<p>{e(message)}</p>"
    else:
        return e(message)
    return f"<details><summary>{e(summary)}</summary>{body}</details>"


def findings_view(findings: pd.DataFrame) -> HtmlText:
    """Findings as a readable table: Chinese headers, severity coloured, long messages folded,
    rule id last. Built here from escaped parts (report text is untrusted)."""
    e = html.escape
    if findings.empty:
        return HtmlText("<p>无。</p>")
    rows = []
    reviewed = _review_texts(findings)
    for sev, msg, sug, rule, review in zip(
        findings["severity"].map(SEVERITY_ZH).fillna(findings["severity"]),
        findings["message"].fillna(""),
        findings["suggestion"].fillna("") if "suggestion" in findings else [""] * len(findings),
        findings["rule"],
        reviewed,
        strict=True,
    ):
        colour = FINDING_COLOURS.get(sev, "")
        rows.append(
            f'<tr><td class="sev" style="color:{colour};white-space:nowrap">{e(sev)}</td>'
            f"<td>{_message_html(msg)}{review}</td><td>{e(sug)}</td>"
            f'<td class="rule"><code>{e(rule)}</code></td></tr>'
        )
    return HtmlText(
        '<table class="findings"><thead><tr><th>级别</th><th>说明</th><th>建议更正</th>'
        f"<th>规则</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _review_texts(findings: pd.DataFrame) -> list[str]:
    """Under each message, the officer's review of it, if any (escaped)."""
    if "review_state" not in findings:
        return [""] * len(findings)
    return [
        f"<br><small><b>{html.escape(REVIEW_STATE_ZH[state])}</b>：{html.escape(decision)}"
        f"{'（' + html.escape(note) + '）' if note else ''}</small>"
        if state
        else ""
        for state, decision, note in zip(
            findings["review_state"], findings["review"], findings["review_note"], strict=True
        )
    ]


def reading_view(report, findings: pd.DataFrame) -> HtmlText:
    """What govkit could not read (reading notes and the reader's notes), apart from the agency's
    errors: these are doubts of the reader, not defects of the report."""
    e = html.escape
    notes = reading_findings(findings)
    parts = []
    if len(notes):
        items = "".join(f"<li>{_message_html(m)}</li>" for m in notes["message"].fillna(""))
        parts.append(f"<ul>{items}</ul>")
    if len(report.notes):
        n = report.notes
        where = n["table"].map(TABLE_NAMES).fillna(n["table"]).fillna("")
        lines = "".join(
            f"<li>{e(str(t))}{' · ' if t else ''}{e(str(r or ''))}：{_message_html(str(m))}"
            f"<small>（{e(str(ref or ''))}）</small></li>"
            for t, r, m, ref in zip(where, n["row"], n["message"], n["source_ref"], strict=True)
        )
        parts.append(
            f"<details><summary>读取器的其他说明（{len(n)} 条）</summary><ul>{lines}</ul></details>"
        )
    return HtmlText("".join(parts) or "<p>无：每个单元格都按原样读出。</p>")


class HtmlText(str):
    """Markup assembled here from escaped parts; Jupyter displays it as HTML (`_repr_html_`)."""

    def _repr_html_(self) -> str:
        return str(self)


def _counts(findings: pd.DataFrame) -> tuple[int, int]:
    """Open 错误 and 警告 of the agency (reading notes and reviewed findings are not counted)."""
    n = open_findings(agency_findings(findings))["severity"].value_counts()
    return int(n.get("error", 0)), int(n.get("warning", 0))


def _diagnoses(findings: pd.DataFrame) -> pd.DataFrame:
    return findings[(findings["rule"] == DIAGNOSIS) & (findings["suggestion"].fillna("") != "")]


def _explained(findings: pd.DataFrame) -> pd.Series:
    """Identity failures that involve a diagnosed cell: fixing that cell settles them."""
    fixed = {ref for refs in _diagnoses(findings)["cells"].dropna() for ref in refs or []}
    return findings["rule"].isin(IDENTITY_RULES) & findings["cells"].map(
        lambda refs: bool(fixed & set(refs if isinstance(refs, list | tuple) else []))
    )


def verdict_headline(findings: pd.DataFrame) -> str:
    """One sentence for the top of the page: counts and the most likely correction."""
    err, warn = _counts(findings)
    reading = int(is_reading(findings).sum())
    also = (
        f"另有 {reading} 条读取说明（govkit 未能确定的内容，不计为机关的错误）。" if reading else ""
    )
    if err == 0 and warn == 0:
        if reading:
            return "未发现机关报告本身的错误或警告。" + also
        return "未发现错误或警告，统计表各项勾稽关系均成立。"
    text = f"发现 {err} 个错误、{warn} 个警告。" + also
    diag = _diagnoses(findings)
    if not diag.empty:
        text += "最可能的更正：" + "；".join(diag["suggestion"]) + "。"
    return text


def verdict_items(findings: pd.DataFrame, *, limit: int = 5) -> list[str]:
    """What to fix, in order: the diagnosed cells, the other errors, then the warnings."""
    if findings.empty:
        return []
    explained = _explained(findings)
    items = [
        f"改正：{s}（{m.split('——')[0].removeprefix('诊断：')}）。"
        for s, m in zip(
            _diagnoses(findings)["suggestion"], _diagnoses(findings)["message"], strict=True
        )
    ]
    rest = findings[(findings["rule"] != DIAGNOSIS) & ~explained & ~is_reading(findings)]
    errors = rest[rest["severity"] == "error"]["message"].tolist()
    warnings = rest[rest["severity"] == "warning"]["message"].tolist()
    items += [f"改正：{m}" for m in errors[:limit]]
    if len(errors) > limit:
        items.append(f"另有 {len(errors) - limit} 个错误，见问题清单。")
    items += [f"核对：{m}" for m in warnings[:limit]]
    if len(warnings) > limit:
        items.append(f"另有 {len(warnings) - limit} 个警告，见问题清单。")
    return items


def verdict(findings: pd.DataFrame) -> str:
    """The verdict as plain Chinese text: the headline, then what to fix."""
    items = verdict_items(findings)
    return (
        "审核结论："
        + verdict_headline(findings)
        + "".join(f"\n{i}. {item}" for i, item in enumerate(items, 1))
    )


def verdict_view(findings: pd.DataFrame) -> HtmlText:
    """The verdict for the end of the page: headline and a numbered to-do list, escaped."""
    err, warn = _counts(findings)
    items = "".join(f"<li>{html.escape(i)}</li>" for i in verdict_items(findings))
    return HtmlText(
        f'<div style="{_box(err, warn)}"><p><b>审核结论：</b>{html.escape(verdict_headline(findings))}</p>'
        + (f"<ol>{items}</ol>" if items else "")
        + "</div>"
    )


def _box(errors: int, warnings: int) -> str:
    """A left-ruled box: red with errors, amber with warnings only, green when clean."""
    colour = "#b91c1c" if errors else "#b45309" if warnings else "#15803d"
    return f"border-left:6px solid {colour};padding:0.4em 1em;margin:0.5em 0;background:#fafafa"


TEMPLATE_ZH = {
    "2019": "2019 年版（国办公开办函〔2019〕60号）",
    "2021": "2021 年版（国办公开办函〔2021〕30号）",
}


def page_header(report, findings: pd.DataFrame) -> HtmlText:
    """The first screen: who, which year, which template, where from, and the verdict headline."""
    m = report.meta
    e = html.escape
    err, warn = _counts(findings)
    year = f"{m.year} 年度" if m.year else "年度未识别"
    facts = [
        ("模板", TEMPLATE_ZH.get(str(m.template), str(m.template or "未识别"))),
        (
            "统计期限",
            f"{m.period_year} 年 1 月 1 日至 12 月 31 日" if m.period_year else "正文未写明",
        ),
        (
            "来源",
            f"{Path(str(m.source)).name}（{FORMAT_ZH.get(m.format, m.format)}，"
            f"{(m.encoding or '—').upper()}）",
        ),
    ]
    if m.title:
        facts.insert(0, ("报告标题", m.title))
    rows = "".join(
        f"<tr><th style='text-align:left;padding-right:1em;white-space:nowrap'>{e(k)}</th><td style='text-align:left'>{e(v)}</td></tr>"
        for k, v in facts
    )
    return HtmlText(
        f"<h2>{e(m.agency or '（机关未识别）')} · {e(year)}政府信息公开工作年度报告审核</h2>"
        f"<table>{rows}</table>"
        f'<div style="{_box(err, warn)}"><b>审核结论：</b>{e(verdict_headline(findings))}'
        "<br><small>详见文末“审核结论”与“问题清单”。</small></div>"
    )


# ------------------------------------------------------------------------------ batch overview

SUMMARY_METRICS = (
    "received",
    "closed",
    "disclosure_rate",
    "withheld_share",
    "unavailable_share",
    "not_processed_share",
    "carryover_rate",
    "review_cases",
    "review_correction_rate",
    "litigation_cases",
    "litigation_correction_rate",
)
"""The key figures of the overview table, in this order (the summary CSV keeps all metrics)."""


def _severity_counts(findings: pd.DataFrame) -> pd.DataFrame:
    """错误 / 警告 counts per source, of the agencies' own findings (reading notes left out)."""
    own = agency_findings(findings)
    counts = (
        own[own["severity"].isin(["error", "warning"])]
        .groupby(["source", "severity"])
        .size()
        .unstack("severity")
        .reindex(columns=["error", "warning"])
    )
    return counts.fillna(0).astype(int).rename(columns={"error": "错误", "warning": "警告"})


def _summary_parts(cells: pd.DataFrame, findings: pd.DataFrame):
    """Per-report metric values, denominators and small-base flags (same row order)."""
    m = report_metrics(cells)
    value = wide_metrics(m).reset_index()
    den = wide_metrics(m, values="denominator").reset_index()
    small = wide_metrics(m, values="small_base").reset_index()
    counts = _severity_counts(findings).reindex(value["source"]).fillna(0).astype(int)
    return value, den, small, counts.reset_index(drop=True)


def summary_table(cells: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    """One row per report: 机关, 年度, 文件, every metric (numbers, Chinese names), 错误, 警告."""
    value, _den, _small, counts = _summary_parts(cells, findings)
    names = {m.id: m.name for m in METRICS}
    out = value.rename(columns=names | {"agency": "机关", "year": "年度"})
    out["source"] = out["source"].map(lambda s: Path(str(s)).name)
    return pd.concat([out.rename(columns={"source": "文件"}), counts], axis=1)


def _shown(value: float, den: float, small: bool, kind: str) -> str:
    if pd.isna(value):
        return "—"
    if kind == "count":
        return f"{value:,.0f}"
    if small:
        return f"样本过小（{den:.0f}）"
    return f"{value * 100:.1f}%"


def summary_view(cells: pd.DataFrame, findings: pd.DataFrame) -> Styler:
    """The overview table for people: counts as integers, rates as percentages, and a rate whose
    denominator is below MIN_BASE shown as 样本过小（denominator） instead of a number to rank."""
    value, den, small, counts = _summary_parts(cells, findings)
    kinds = {m.id: m.kind for m in METRICS}
    table = pd.DataFrame(
        {
            "机关": value["agency"].fillna("（机关未识别）"),
            "年度": value["year"].map(lambda y: "—" if pd.isna(y) else f"{int(y)}"),
            "文件": value["source"].map(lambda s: Path(str(s)).name),
        }
    )
    for mid in SUMMARY_METRICS:
        table[get_metric(mid).name] = [
            _shown(v, d, bool(s), kinds[mid])
            for v, d, s in zip(value[mid], den[mid], small[mid], strict=True)
        ]
    table = pd.concat([table, counts], axis=1)
    grey = table.map(lambda v: "color:#6b7280" if str(v).startswith("样本过小") else "")
    grey[["错误"]] = table[["错误"]].map(lambda n: "color:#b91c1c;font-weight:bold" if n else "")
    return (
        table.style.format(escape="html")
        .format_index(escape="html", axis=1)
        .apply(lambda _: grey, axis=None)
        .set_properties(subset=["机关"], **{"min-width": "9em"})  # never one character a line
        .set_properties(
            subset=[c for c in table.columns if c != "机关"], **{"white-space": "nowrap"}
        )
        .hide(axis="index")
    )


def years_view(cells: pd.DataFrame) -> Styler:
    """Per year, pooled over its reports (Σ numerator ÷ Σ denominator): how the years compare."""
    m = pooled_metrics(cells, by="year")
    rows = []
    for year, grp in m.groupby("year", sort=True):
        g = grp.set_index("metric")
        row = {"年度": f"{int(year)}", "报告数": f"{int(g['reports'].max())}"}
        for mid in SUMMARY_METRICS:
            r = g.loc[mid]
            row[r["name"]] = _shown(r["value"], r["denominator"], bool(r["small_base"]), r["kind"])
        rows.append(row)
    return (
        pd.DataFrame(rows)
        .style.format(escape="html")
        .set_properties(**{"white-space": "nowrap"})
        .hide(axis="index")
    )


def common_findings_view(findings: pd.DataFrame, rules: pd.DataFrame) -> Styler:
    """The most frequent error and warning rules of a batch, with how many reports they hit;
    reading notes (what govkit could not read) are listed after the agencies' problems."""
    f = findings[findings["severity"].isin(["error", "warning"])]
    f = f.assign(类别=is_reading(f).map({True: "读取说明", False: "机关报告的问题"}))
    top = (
        f.groupby(["类别", "rule", "severity"])
        .agg(次数=("rule", "size"), 涉及报告数=("source", "nunique"))
        .reset_index()
        .merge(rules[["rule", "meaning"]], on="rule", how="left")
        .sort_values(["类别", "次数", "rule"], ascending=[True, False, True], key=_agency_first)
    )
    top["severity"] = top["severity"].map(SEVERITY_ZH)
    top = top.rename(columns={"rule": "规则", "severity": "级别", "meaning": "含义"})
    return (
        top[["类别", "级别", "规则", "含义", "次数", "涉及报告数"]]
        .style.format(escape="html")
        .set_properties(subset=["含义"], **{"min-width": "16em"})
        .set_properties(subset=["类别", "级别", "次数", "涉及报告数"], **{"white-space": "nowrap"})
        .hide(axis="index")
    )


def _agency_first(col: pd.Series) -> pd.Series:
    return col.eq("读取说明") if col.name == "类别" else col


SKIPPED_ZH = {"failed": "失败", "not_report": "不是年度报告", "duplicate": "重复（只算一次）"}


def skipped_inputs(outcomes: pd.DataFrame) -> pd.DataFrame:
    """The inputs of a batch's outcome table (outcomes.csv) that the overview does not audit, in
    the form of read_inputs' second result (source, error, message, status)."""
    rows = outcomes[outcomes["status"].isin(list(SKIPPED_ZH))]
    return pd.DataFrame(
        {
            "source": rows["source"],
            "error": "",
            "message": rows["reason"].fillna(""),
            "status": rows["status"],
        }
    ).reset_index(drop=True)


def overview_header(reports: list, skipped: pd.DataFrame, findings: pd.DataFrame) -> HtmlText:
    """The overview's first screen: how many files, agencies, years, templates, and problems.

    `skipped` is every input that is not among `reports` (govkit.report.read_inputs: source,
    message, status failed | not_report | duplicate); each kind is counted apart.
    """
    e = html.escape
    years = sorted({r.meta.year for r in reports if r.meta.year})
    templates = pd.Series([str(r.meta.template) for r in reports]).value_counts()
    counts = _severity_counts(findings)
    with_errors = int((counts["错误"] > 0).sum()) if len(counts) else 0
    err, warn = _counts(findings)
    reading = int(is_reading(findings).sum())
    span = f"{years[0]}–{years[-1]} 年度" if len(years) > 1 else f"{years[0]} 年度" if years else ""
    kinds = skipped["status"].value_counts() if len(skipped) else pd.Series(dtype=int)
    other = [
        (f"<b>{label} {int(kinds[k])} 个</b>" if k == "failed" else f"{label} {int(kinds[k])} 个")
        for k, label in SKIPPED_ZH.items()
        if kinds.get(k, 0)
    ]
    lines = [
        f"共 {len(reports) + len(skipped)} 个文件：审核 {len(reports)} 份报告"
        + ("，" + "，".join(other) + "（见文末）" if other else "")
        + "。",
        f"涉及 {len({r.meta.agency for r in reports})} 个机关，{e(span)}；模板："
        + "，".join(f"{e(TEMPLATE_ZH.get(t, t))} {n} 份" for t, n in templates.items())
        + "。",
        f"{with_errors} 份报告有错误；合计 {err} 个错误、{warn} 个警告"
        + (f"（另有 {reading} 条读取说明，不计入）" if reading else "")
        + "。",
        f"比率的分母小于 {MIN_BASE} 时显示“样本过小（分母）”，不参与比较。",
    ]
    return HtmlText(f'<div style="{_box(err, warn)}">' + "<br>".join(lines) + "</div>")


def file_link(path: str | Path, text: str) -> HtmlText:
    """A link to a file the notebook wrote, relative to where the page is (the kernel's folder)."""
    import os
    from urllib.parse import quote

    href = quote(Path(os.path.relpath(Path(path).resolve(), Path.cwd())).as_posix())
    return HtmlText(f'<p><a href="{html.escape(href)}">{html.escape(text)}</a></p>')


def failures_view(skipped: pd.DataFrame) -> Styler | HtmlText:
    """Inputs that were not audited, with what became of them (文件, 结果, 原因)."""
    if not len(skipped):
        return HtmlText("<p>无。</p>")
    table = pd.DataFrame(
        {
            "文件": skipped["source"].map(lambda s: Path(str(s)).name),
            "结果": skipped["status"].map(SKIPPED_ZH).fillna(skipped["status"]),
            "原因": skipped["message"],
        }
    )
    return (
        table.style.format(escape="html")
        .set_properties(subset=["原因"], **{"min-width": "16em"})
        .set_properties(subset=["结果"], **{"white-space": "nowrap"})
        .hide(axis="index")
    )
