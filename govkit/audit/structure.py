"""Structure: template version against report year, the six sections, the statistics period."""

from __future__ import annotations

from govkit.audit.context import Context
from govkit.audit.registry import Finding, rule
from govkit.templates.match import HEADINGS


@rule(
    "structure.template_year",
    "error",
    "模板版本与报告年度不符（2021 年及以后应使用 2021 版，2019–2020 年使用 2019 版）",
)
def template_year(ctx: Context) -> list[Finding]:
    m = ctx.meta
    if m.year is None:
        return []
    expected = "2021" if m.year >= 2021 else "2019"
    if m.year < 2019 or m.template == expected:
        return []
    return [
        {
            "expected": float(expected),
            "actual": float(m.template),
            "message": f"{m.year} 年度报告应使用 {expected} 版格式（"
            f"{'国办公开办函〔2021〕30号' if expected == '2021' else '国办公开办函〔2019〕60号'}），实际使用的是 {m.template} 版。",
            "suggestion": f"按 {expected} 版格式重新填报统计表",
        }
    ]


@rule("structure.sections", "warning", "缺少六个规定部分之一（总体情况 … 其他需要报告的事项）")
def sections(ctx: Context) -> list[Finding]:
    found = ctx.report.sections
    return [
        {"row": name, "message": f"找不到规定的部分“{name}”（或其标题写法不规范）。"}
        for name in HEADINGS
        if name not in found
    ]


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
