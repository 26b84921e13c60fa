"""Published on time (按时公布): the report's publication date against the statutory deadline.

《中华人民共和国政府信息公开条例》第四十九条: 县级以上人民政府部门 publish their report by 1月31日;
the 政府信息公开工作主管部门 of a 县级以上地方人民政府 publishes the 本级政府 report by 3月31日. Which
deadline applies follows from the kind of agency (`deadline_kind`); where the name does not tell
(a township, a 管委会, an unusual name) and no manifest says, the rule says nothing rather than guess.
A report without a publication date is counted once in the overview, not flagged per page.
"""

from __future__ import annotations

import datetime as dt
import re

from govkit.audit.context import Context
from govkit.audit.registry import Finding, rule

GOVERNMENT, DEPARTMENT = "本级政府", "部门"
DEADLINES = {GOVERNMENT: (3, 31), DEPARTMENT: (1, 31)}
EVIDENCE_ZH = {
    "manifest": "清单 published 列",
    "crawler": "网页抓取记录的发布时间",
    "html": "网页发布日期元数据",
    "text": "页面上写明的发布日期",
    "pdf": "PDF 文件创建日期（证据最弱）",
}
_TOWNSHIP = re.compile(r"(?:乡|镇|街道|苏木)(?:人民政府|办事处)$|街道办事处$")
_GOVERNMENT = re.compile(r"(?:省|自治区|市|州|盟|县|区|旗)人民政府$")
_DEPARTMENT = re.compile(
    r"(?:省|自治区|市|州|盟|县|区|旗).{0,30}?"
    r"(?:局|委员会|委|厅|办公室|办公厅|办|中心|院|署|部|所|站|队|馆|会)$"
)
_KIND_WORDS = {
    GOVERNMENT: ("本级政府", "政府", "government", "人民政府"),
    DEPARTMENT: ("部门", "department", "dept"),
}
_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def deadline_kind(agency: str | None, given: str | None = None) -> str | None:
    """本级政府 or 部门 for the deadline of 第四十九条; None when it cannot be told.

    `given` (a manifest's `kind` column) wins; else the agency's name decides: a 县级以上 people's
    government is 本级政府, a named office, bureau or commission of one is 部门; a township, street
    office or any other name is not decided.
    """
    if given:
        g = given.strip().lower()
        for kind, words in _KIND_WORDS.items():
            if g in words:
                return kind
    name = re.sub(r"\s", "", agency or "")
    if not name or _TOWNSHIP.search(name):
        return None
    if _GOVERNMENT.search(name):
        return GOVERNMENT
    if _DEPARTMENT.search(name):
        return DEPARTMENT
    return None


def parse_date(text: str | None) -> dt.date | None:
    """2024-03-08 15:34, 2024/3/8, 2024年3月8日 → a date; None for anything else."""
    m = _DATE.search(text or "")
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


@rule(
    "timeliness.deadline",
    "warning",
    "按时公布：发布日期晚于《条例》第四十九条的期限（部门 1月31日前，本级政府 3月31日前）",
)
def deadline(ctx: Context) -> list[Finding]:
    m = ctx.meta
    published = parse_date(m.published)
    kind = deadline_kind(m.agency, m.kind)
    if published is None or kind is None or m.year is None:
        return []
    month, day = DEADLINES[kind]
    due = dt.date(m.year + 1, month, day)
    late = (published - due).days
    if late <= 0:
        return []
    evidence = EVIDENCE_ZH.get(m.published_source, m.published_source or "未注明来源")
    return [
        {
            "expected": float(due.strftime("%Y%m%d")),
            "actual": float(published.strftime("%Y%m%d")),
            "difference": float(late),
            "message": f"报告于 {published:%Y年%m月%d日} 发布（依据：{evidence}），晚于{kind}年度报告"
            f"应在 {due:%Y年%m月%d日} 前公布的期限 {late} 天（《条例》第四十九条）。",
            "suggestion": f"{kind}的年度报告应在次年 {month}月{day}日 前向社会公布",
        }
    ]
