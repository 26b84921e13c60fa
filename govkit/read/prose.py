"""What the report says about itself in prose: agency, year, statistics period, the six sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from govkit.templates import HEADINGS
from govkit.templates.headings import find_heading
from govkit.textnorm import norm, norm_aligned, squeeze

# characters of a name: no digits, white space, punctuation, markup (# * _ ` ~ | >) or breadcrumb
# separators (> » › / → ·), so a heading's "#" or a breadcrumb never glues onto the agency
_NAME_CHARS = r"[^\d\s,，。、:：;；()（）《》“”‘’\"!！?？\[\]［］【】〔〕「」|｜#＃*＊_＿`~～>＞»›<«‹/／\\→·•=+&—-]"
_AGENCY = _NAME_CHARS + "{2,40}?"
# "<agency><year>年度政府信息公开工作年度报告": found from its fixed tail, then the agency is the run of
# name characters just before the year (at most 40), on the title's own line (lines above only
# when the year starts its line: a PDF title "淮安市人民政府" / "2024 年政府信息公开…").
_TITLE_TAIL = re.compile(r"(?:19|20)\d\d年度?(?:政府)?信息公开(?:工作)?年度?报告")
_TAIL_RAW = re.compile(  # the same tail in raw text: white space (a line break) may fall anywhere
    re.sub(r"([\u4e00-\u9fff]\??|\\d\\d)(?!$)", r"\1\\s*", _TITLE_TAIL.pattern)
)
_NAME_RUN = re.compile(_NAME_CHARS + "{1,40}$")
_TITLE_YEAR_FIRST = re.compile(
    rf"(?P<title>(?P<year>(?:19|20)\d\d)年度?(?P<agency>{_AGENCY})(?:政府信息公开|信息公开)(?:工作)?年度?报告)"
)
# site chrome: a line that is a navigation item, and a breadcrumb glued before the name
_NAV = re.compile(
    r"(?:网站)?首页|主页|当前位置|您(?:现在|当前)?(?:的|所在的?)位置|"
    r".{0,12}(?:公开|年报|年度报告|专栏|专题|栏目|目录|导航)"
)
_CRUMB = re.compile(r"(?:(?:网站)?首页|主页|当前位置|您(?:现在|当前)?(?:的|所在的?)位置)")
_CRUMB_ITEM = re.compile(r".{0,12}?(?:公开|年报|年度报告|专栏|专题|栏目|目录|导航|首页)")
# markup that is never part of a name: markdown headings, emphasis, quotes, table pipes
_MARKUP_LINE = re.compile(r"(?m)^[ \t]*(?:#{1,6}|>+)")
_MARKUP_CHARS = re.compile(r"[*_`~＊＿～]+")
_HSPACE = re.compile(r"[ \t\r\f\v\u00a0\u3000\u2000-\u200b\u202f\u205f\ufeff]+")
_PUBLISHED = re.compile(  # 发布时间: 2024-03-08 15:34 / 发布日期：2024年3月8日 / 时间：2024-03-08
    r"(?:时间|日期)[^\S\n]*[:：][^\S\n]*((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
_NOT_PUBLISHED = ("成文", "印发", "统计", "生成", "申请", "办理", "答复", "会议")
_PERIOD = re.compile(
    r"统计(?:期限|周期|时限|区间|时间|范围)?[^。]{0,16}?(?P<y1>(?:19|20)\d\d)年1月1日(?:起)?(?:至|到|-|—)"
    r"(?:(?P<y2>(?:19|20)\d\d)年)?12月31日"
)
# numbering starts where its run of numerals starts (the look-behind): tried from inside a long run
# of 一二三… the pattern is quadratic (a page of 30,000 一 took minutes); the matches are the same.
# The look-behind follows the first numeral ("this numeral and the one before are not both
# numerals") so that the pattern starts with a character set, which re scans for in C (3x faster
# on a report than testing the look-behind at every position).
_NUMERAL = "[一二三四五六七八九十]"
_HEADING = re.compile(
    rf"{_NUMERAL}(?<!{_NUMERAL}{{2}}){_NUMERAL}*\s*[、.]\s*(?P<h>"
    + "|".join(f"(?P<s{i}>{p})" for i, p in enumerate(HEADINGS.values()))
    + ")"
)
_SECTION_NAMES = list(HEADINGS)
_CRAWLER_FIELD = re.compile(r"^(标题|发布时间|发布日期|发布机构|原文链接)[:：]\s*(.*)$", re.M)


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
    agency = year = title = None
    for found in (
        _agency_first(fields.get("标题", "")),
        _agency_first(text[:12000]),
        _TITLE_YEAR_FIRST.search(squeezed[:4000]),
    ):
        if found and not found["agency"].endswith(("政府信息", "关于")):
            agency, year, title = _fix_agency(found["agency"]), int(found["year"]), found["title"]
            break
    p = _PERIOD.search(squeezed[:20000])
    period_year = int(p["y1"]) if p else None
    if year is None:
        year = period_year
    title = _unmark(fields.get("标题", "")).strip() or title
    return ProseFacts(agency, year, period_year, title, _published(fields, text))


def _agency_first(text: str) -> dict[str, str] | None:
    for tail in _TAIL_RAW.finditer(text):
        lines = _unmark(_HSPACE.sub("", text[max(0, tail.start() - 300) : tail.start()]))
        name = _name_before(norm(lines))
        if name:
            tail_text = squeeze(norm(tail.group()))
            return {"agency": name, "year": tail_text[:4], "title": name + tail_text}
    return None


def _unmark(text: str) -> str:
    """Markup that is never part of a name (# and > opening a line, * _ ` ~); a pipe ends a cell."""
    return _MARKUP_CHARS.sub("", _MARKUP_LINE.sub("", text)).replace("|", "\n")


def _name_before(lines: str) -> str | None:
    """The agency printed right before a title's year (at the end of `lines`): the name run on the
    title's own line, or, when the year starts its line, the lines above that are wholly a name
    and not site navigation (a PDF title "淮安市人民政府" / "2024 年政府信息公开…")."""
    at = len(lines)
    line_start = lines.rfind("\n") + 1
    run = _NAME_RUN.search(lines, max(line_start, at - 40))
    name = run.group() if run else ""
    if len(name) < 2 and line_start == at:
        above: list[str] = []
        for line in reversed(lines[:-1].split("\n")):
            if not line or _NAV.fullmatch(line) or not _NAME_RUN.fullmatch(line):
                break
            above.insert(0, line)
            if sum(map(len, above)) >= 40:
                break
        name = "".join(above)[-40:]
    crumb = _CRUMB.match(name)
    if crumb:  # a breadcrumb glued on: 首页政务公开政府信息公开年报平潭综合实验区
        name = name[crumb.end() :]
        while (m := _CRUMB_ITEM.match(name)) and len(name) - m.end() >= 2:
            name = name[m.end() :]
    return name if len(name) >= 2 else None


def _published(fields: dict[str, str], text: str) -> str | None:
    """The publication date as ISO (YYYY-MM-DD): a crawler header's 发布时间, else a 发布日期/时间
    field near the top of the page; never a 成文日期, the statistics period or a date in prose."""
    field = fields.get("发布时间") or fields.get("发布日期")
    found = (
        [_PUBLISHED.match("时间:" + field.strip())] if field else _PUBLISHED.finditer(text, 0, 8000)
    )
    for m in found:
        if m is None or text[max(0, m.start() - 4) : m.start()].endswith(_NOT_PUBLISHED):
            continue
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
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
    aligned = norm_aligned(text)
    for m in _HEADING.finditer(aligned):
        idx = next(i for i in range(len(_SECTION_NAMES)) if m[f"s{i}"] is not None)
        if idx > last_idx:
            hits.append((m.start(), m.end(), _SECTION_NAMES[idx]))
            last_idx = idx
    if len(hits) < len(_SECTION_NAMES):
        hits = _with_typos(aligned, hits)
    out: dict[str, str] = {}
    for k, (_s, e, name) in enumerate(hits):
        end = hits[k + 1][0] if k + 1 < len(hits) else len(text)
        out[name] = text[e:end].strip()
    return out


def _with_typos(aligned: str, hits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Headings not found as the template words them, looked for with a typo (a stray or lost
    character) between the found ones, so a section printed under a misspelt heading is there."""
    found = {name: (s, e) for s, e, name in hits}
    out: list[tuple[int, int, str]] = []
    prev_end = 0
    for k, name in enumerate(_SECTION_NAMES):
        if name in found:
            s, e = found[name]
        else:
            nxt = next((found[n][0] for n in _SECTION_NAMES[k + 1 :] if n in found), len(aligned))
            span = find_heading(aligned, name, prev_end, [], nxt)
            if span is None:
                continue
            s, e = span.start(), span.end()
        out.append((s, e, name))
        prev_end = e
    return out
