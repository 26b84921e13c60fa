"""Structure: template version against report year, the six sections, the statistics period."""

from __future__ import annotations

import re

from govkit.audit.context import Context
from govkit.audit.registry import Finding, rule
from govkit.templates import HEADINGS, TABLE_NAMES, display_label, first_year, template_for_year

PROBLEMS = "存在的主要问题及改进情况"


@rule(
    "structure.template_year",
    "error",
    "模板版本与报告年度不符（2021 年及以后应使用 2021 版，2019–2020 年使用 2019 版）",
)
def template_year(ctx: Context) -> list[Finding]:
    m = ctx.meta
    if m.year is None:
        return []
    due = template_for_year(m.year)
    if m.year < first_year() or m.template == due.version:
        return []
    expected = due.version
    return [
        {
            "expected": float(expected),
            "actual": float(m.template),
            "message": f"{m.year} 年度报告应使用 {expected} 版格式（"
            f"{due.document}），实际使用的是 {m.template} 版。",
            "suggestion": f"按 {expected} 版格式重新填报统计表",
        }
    ]


# section 五's own sub-headings: "（一）主要问题", "（一）2024 年工作中存在问题的改进情况"
_PROBLEMS_SUB = re.compile(r"[（(][一二三][)）][^\n。；]{0,24}?(?:问题|改进)[^\n。；]{0,12}")


@rule("structure.sections", "warning", "缺少六个规定部分之一（总体情况 … 其他需要报告的事项）")
def sections(ctx: Context) -> list[Finding]:
    found = ctx.report.sections
    out = []
    before = ""
    said = {TABLE_NAMES[t].split("、", 1)[1] for t in ctx.absent_tables}  # by table_absent
    for name in HEADINGS:
        if name in found:
            before = found[name]
            continue
        if name in said:
            continue
        sub = _PROBLEMS_SUB.search(before) if name == PROBLEMS else None
        if sub:  # its content is there under its own sub-headings: the heading line was lost
            out.append(
                {
                    "severity": "info",
                    "kind": "reading",
                    "row": name,
                    "sentence": sub.group(),
                    "message": f"找不到“{name}”的标题（可能在转换文本时丢失），"
                    f"但前一部分之后有其内容：“{sub.group()}”。",
                }
            )
        else:
            out.append(
                {"row": name, "message": f"找不到规定的部分“{name}”（或其标题写法不规范）。"}
            )
    return out


@rule("structure.period", "error", "统计期限与报告年度不符")
def period(ctx: Context) -> list[Finding]:
    m = ctx.meta
    if m.period_year is None:
        return [
            {
                "severity": "info",
                "message": "正文未写明统计期限（如“统计期限自X年1月1日起至X年12月31日止”）。",
            }
        ]
    if m.year is None or m.period_year == m.year:
        return []
    return [
        {
            "expected": float(m.year),
            "actual": float(m.period_year),
            "message": f"统计期限写的是 {m.period_year} 年，而报告年度是 {m.year} 年。",
            "suggestion": f"统计期限应为 {m.year}年1月1日至{m.year}年12月31日",
        }
    ]


_MEANING = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
# "本年度无。", "我局暂无存在的主要问题及改进情况": nothing said beyond 无 and the heading's own words
_NOTHING = re.compile(
    r"(?:(?:\d{4}年度?|本年度?|今年|全年))?(?:[本我]\w{0,4}?)?(?:暂|均|并)?(?:无|没有)"
    r"(?:存在)?(?:的)?(?:主要|明显|突出)?(?:问题)?(?:及|和|以及)?(?:改进)?(?:情况|措施)?"
)
MIN_PROBLEMS = 10  # meaningful characters (汉字, letters, digits) a section 五 needs, as the peer


@rule(
    "structure.problems_empty",
    "warning",
    "第五部分“存在的主要问题及改进情况”有标题但内容为空、仅写“无”或不足 10 个字",
)
def problems_empty(ctx: Context) -> list[Finding]:
    sections = ctx.report.sections
    text = sections.get(PROBLEMS)
    if text is None:  # no heading: structure.sections says so
        return []
    if len(_MEANING.findall(sections.get("总体情况", "")[:200])) < MIN_PROBLEMS:
        return []  # 一 empty too: the headings found are a table of contents, not the sections
    # "nothing" said in many words is still short: past 40 characters of meaning, it is a section
    if len(_MEANING.findall(text[:200])) > 40:
        return []
    meaning = "".join(_MEANING.findall(text))
    if len(meaning) >= MIN_PROBLEMS and not _NOTHING.fullmatch(meaning):
        return []
    quote = " ".join(text.split())
    said = "为空" if not quote else f"只写了“{quote[:60]}”"
    return [
        {
            "row": PROBLEMS,
            "sentence": quote[:200],
            "message": f"第五部分“{PROBLEMS}”{said}：模板要求写明工作中存在的主要问题及改进措施。",
            "suggestion": "写明本年度存在的主要问题和改进情况",
        }
    ]


@rule(
    "structure.table_absent",
    "error",
    "报告没有某部分的统计表（如第三部分），该部分无法审核；代替该表每一行的“找不到”",
)
def table_absent(ctx: Context) -> list[Finding]:
    out = []
    for table in ctx.absent_tables:
        number, name = TABLE_NAMES[table].split("、", 1)
        what = f"第{number}部分“{name}”"
        if name in ctx.report.sections:  # the heading is printed, no table read: govkit's doubt
            said = [message for t, _, message in ctx.notes if t == table]
            out.append(
                {
                    "table": table,
                    "severity": "warning",
                    "kind": "reading",
                    "message": f"找到了{what}的标题，但没能读出其统计表，{name}无法审核"
                    f"（读取说明：{'；'.join(said) or '无'}）。",
                }
            )
        else:
            out.append(
                {
                    "table": table,
                    "message": f"报告没有{what}及其统计表，{name}无法审核。",
                    "suggestion": f"按模板补充“{TABLE_NAMES[table]}”统计表",
                }
            )
    return out


@rule(
    "structure.collapsed_group",
    "warning",
    "一组明细行印成了一行（如 2021 版“（六）其他处理”只印合计、没有分列子行）；勾稽关系按该行计算",
)
def collapsed_group(ctx: Context) -> list[Finding]:
    c = ctx.cells
    out = []
    for (table, group), ks in ctx.collapsed.items():
        leaves = list(dict.fromkeys(c.row[k] for k in ks))
        ref = c.source_ref[ks[0]]
        out.append(
            {
                "table": table,
                "row": group,
                "cells": [f"{c.row[k]}｜{c.col[k]}" for k in ks],
                "message": f"“{display_label(group)}”印成一行，没有分列模板的 {len(leaves)} 个子行"
                f"（{'、'.join(display_label(r).split('/')[-1] for r in leaves)}）；"
                f"勾稽关系按这一行计算，子行的数值无从得知。" + (f"（{ref}）" if ref else ""),
                "suggestion": f"按 {ctx.meta.template} 版模板分列“{display_label(group)}”的子行",
            }
        )
    return out
