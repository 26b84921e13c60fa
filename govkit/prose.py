"""What the report says about itself in prose: agency, year, statistics period, the six sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from govkit.templates.match import HEADINGS
from govkit.textnorm import norm, norm_aligned, squeeze

_AGENCY = r"[^\d\s,，。、:：;；()《》“”\"!！?？\[\]【】|]{2,40}?"
# "<agency><year>年度政府信息公开工作年度报告": found from its fixed tail, then the agency is the run of
# name characters just before the year (at most 40). Same answer as one regex with the agency in
# front, which tries every start position in the head and cost a millisecond per report.
_TITLE_TAIL = re.compile(r"(?:19|20)\d\d年度?(?:政府)?信息公开(?:工作)?年度?报告")
_AGENCY_BEFORE = re.compile(_AGENCY.removesuffix("?") + "$")
_TITLE_YEAR_FIRST = re.compile(
    rf"(?P<title>(?P<year>(?:19|20)\d\d)年度?(?P<agency>{_AGENCY})(?:政府信息公开|信息公开)(?:工作)?年度?报告)"
)
_PERIOD = re.compile(
    r"统计(?:期限|周期|时限|区间|时间|范围)?[^。]{0,16}?(?P<y1>(?:19|20)\d\d)年1月1日(?:起)?(?:至|到|-|—)"
    r"(?:(?P<y2>(?:19|20)\d\d)年)?12月31日"
)
# numbering starts where its run of numerals starts (the look-behind): tried from inside a long run
# of 一二三… the pattern is quadratic (a page of 30,000 一 took minutes); the matches are the same
_HEADING = re.compile(
    r"(?<![一二三四五六七八九十])[一二三四五六七八九十]+\s*[、.]\s*(?P<h>"
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


def extract_facts(text: str, squeezed: str | None = None) -> ProseFacts:
    """`squeezed` is the text normalised without white space, when the caller already has it."""
    fields = dict(_CRAWLER_FIELD.findall(text[:3000]))
    if squeezed is None:
        squeezed = squeeze(norm(text))
    head = squeezed[:4000]
    agency = year = title = None
    for found in (_agency_first(head), _TITLE_YEAR_FIRST.search(head)):
        if found and not found["agency"].endswith(("政府信息", "关于")):
            agency, year, title = _fix_agency(found["agency"]), int(found["year"]), found["title"]
            break
    p = _PERIOD.search(squeezed[:20000])
    period_year = int(p["y1"]) if p else None
    if year is None:
        year = period_year
    return ProseFacts(
        agency, year, period_year, fields.get("标题") or title, fields.get("发布时间") or None
    )


def _agency_first(head: str) -> dict[str, str] | None:
    for tail in _TITLE_TAIL.finditer(head):
        m = _AGENCY_BEFORE.search(head, max(0, tail.start() - 40), tail.start())
        if m:
            return {
                "agency": m.group(),
                "year": tail.group()[:4],
                "title": m.group() + tail.group(),
            }
    return None


def _fix_agency(name: str) -> str:
    name = re.sub(r"^(?:标题|特向社会公布|现公布|公布|发布)", "", name)
    return name + "政府" if name.endswith("人民") else name


def split_sections(text: str) -> dict[str, str]:
    """The prose under each of the six standard headings, in order; keys are the template's names.

    Headings are found in a normalised copy of the same length, so the prose keeps its own
    punctuation for quoting.
    """
    hits: list[tuple[int, int, str]] = []
    last_idx = -1
    for m in _HEADING.finditer(norm_aligned(text)):
        idx = next(i for i in range(len(_SECTION_NAMES)) if m[f"s{i}"] is not None)
        if idx > last_idx:
            hits.append((m.start(), m.end(), _SECTION_NAMES[idx]))
            last_idx = idx
    out: dict[str, str] = {}
    for k, (_s, e, name) in enumerate(hits):
        end = hits[k + 1][0] if k + 1 < len(hits) else len(text)
        out[name] = text[e:end].strip()
    return out
