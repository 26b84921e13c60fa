"""Findings for people: the agency's and the reader's apart, the verdict, the page header, HTML that notebooks display as is."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from govkit.audit.reviews import REVIEW_STATE_ZH, open_findings
from govkit.templates import TABLE_NAMES, templates

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
            f"<li>{e(str(t))}{' · ' if t and r else ''}{e(str(r or ''))}：{_message_html(str(m))}"
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


def template_label(version: object) -> str:
    """2021 年版（国办公开办函〔2021〕30号）; what the reader said when it is not a known version."""
    known = templates()
    return known[str(version)].label if str(version) in known else str(version)


def page_header(report, findings: pd.DataFrame) -> HtmlText:
    """The first screen: who, which year, which template, where from, and the verdict headline."""
    m = report.meta
    e = html.escape
    err, warn = _counts(findings)
    year = f"{m.year} 年度" if m.year else "年度未识别"
    facts = [
        ("模板", template_label(m.template or "未识别")),
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


def file_link(path: str | Path, text: str) -> HtmlText:
    """A link to a file the notebook wrote, relative to where the page is (the kernel's folder)."""
    import os
    from urllib.parse import quote

    href = quote(Path(os.path.relpath(Path(path).resolve(), Path.cwd())).as_posix())
    return HtmlText(f'<p><a href="{html.escape(href)}">{html.escape(text)}</a></p>')
