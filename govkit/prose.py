"""What the report says about itself in prose: agency, year, statistics period, the six sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from govkit.templates.match import HEADINGS
from govkit.textnorm import norm

_AGENCY = r"[^\d\s,，。、:：;；()《》“”\"!！?？\[\]【】|]{2,40}?"
_TITLE_AGENCY_FIRST = re.compile(
    rf"(?P<agency>{_AGENCY})(?P<year>(?:19|20)\d\d)年度?(?:政府)?信息公开(?:工作)?年度?报告"
)
_TITLE_YEAR_FIRST = re.compile(
    rf"(?P<year>(?:19|20)\d\d)年度?(?P<agency>{_AGENCY})(?:政府信息公开|信息公开)(?:工作)?年度?报告"
)
_PERIOD = re.compile(
    r"统计(?:期限|周期|时限|区间|时间|范围)?[^。]{0,16}?(?P<y1>(?:19|20)\d\d)年1月1日(?:起)?(?:至|到|-|—)"
    r"(?:(?P<y2>(?:19|20)\d\d)年)?12月31日"
)
_HEADING = re.compile(
    r"[一二三四五六七八九十]+\s*[、.]\s*(?P<h>"
    + "|".join(f"(?P<s{i}>{p})" for i, p in enumerate(HEADINGS.values()))
    + ")"
)
_SECTION_NAMES = list(HEADINGS)
_CRAWLER_FIELD = re.compile(r"^(标题|发布时间|发布机构|原文链接)[:：]\s*(.*)$", re.M)


@dataclass(frozen=True)
class ProseFacts:
    agency: str | None
    year: int | None
    period_year: int | None
    title: str | None
    published: str | None


def extract_facts(text: str) -> ProseFacts:
    fields = dict(_CRAWLER_FIELD.findall(text[:3000]))
    head = re.sub(r"\s+", "", norm(text[:4000]))
    agency = year = title = None
    for pat in (_TITLE_AGENCY_FIRST, _TITLE_YEAR_FIRST):
        m = pat.search(head)
        if m and not m["agency"].endswith(("政府信息", "关于")):
            agency, year, title = _fix_agency(m["agency"]), int(m["year"]), m.group(0)
            break
    p = _PERIOD.search(re.sub(r"\s+", "", norm(text[:20000])))
    period_year = int(p["y1"]) if p else None
    if year is None:
        year = period_year
    return ProseFacts(
        agency, year, period_year, fields.get("标题") or title, fields.get("发布时间") or None
    )


def _fix_agency(name: str) -> str:
    name = re.sub(r"^(?:标题|特向社会公布|现公布|公布|发布)", "", name)
    return name + "政府" if name.endswith("人民") else name


def split_sections(text: str) -> dict[str, str]:
    """The prose under each of the six standard headings, in order; keys are the template's names."""
    hits: list[tuple[int, int, str]] = []
    last_idx = -1
    for m in _HEADING.finditer(norm(text)):
        idx = next(i for i in range(len(_SECTION_NAMES)) if m[f"s{i}"] is not None)
        if idx > last_idx:
            hits.append((m.start(), m.end(), _SECTION_NAMES[idx]))
            last_idx = idx
    out: dict[str, str] = {}
    for k, (_s, e, name) in enumerate(hits):
        end = hits[k + 1][0] if k + 1 < len(hits) else len(text)
        out[name] = text[e:end].strip()
    return out
