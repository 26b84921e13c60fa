"""What a file without report tables really is, so the error says so.

A download saved as `报告.pdf` or `报告.html` is often the site's error page (`404 Not Found`,
`页面不存在`) or a portal page: readable HTML with no report in it. Telling the analyst "this is a
web page, probably an error page: 404 Not Found" saves them opening the file. A 2019-or-later report
without the tables was cut short (ParseError); a pre-2019 one stays UnsupportedTemplate.
"""

from __future__ import annotations

import re

from govkit.errors import GovkitError, InputError, ParseError, UnsupportedTemplate
from govkit.io.document import Document
from govkit.templates import first_year

ERROR_PAGE = re.compile(
    r"\b[45]\d\d\b(?:[ \t]+[A-Za-z][A-Za-z ]{1,30}[A-Za-z])?"
    r"|页面不存在|您访问的页面[^\n。，]{0,12}|找不到(?:该|此|您要访问的)?页面|禁止访问|访问被拒绝"
    r"|服务器(?:内部)?错误|Not Found|Forbidden|Bad Gateway|Service Unavailable"
)
_REPORT_WORDS = re.compile(r"信息\s*公开")
_REPORT_TITLE = re.compile(r"年\s*度?\s*报\s*告")


def _web_page(head: str) -> bool:
    """No report words at all, or an error page's words in words (页面不存在, Not Found: a site's
    navigation says 政府信息公开 on its 404 page too) and no report title."""
    if not _REPORT_WORDS.search(head):
        return True
    worded = any(not m.group(0).strip().isdigit() for m in ERROR_PAGE.finditer(head))
    return worded and not _REPORT_TITLE.search(head)


def no_tables_error(doc: Document, year: int | None = None) -> GovkitError:
    """The error for a document in which the template's tables were not found.

    `year` is the report's year as its title or manifest gives it: a 2019-or-later report must
    have the tables, so their absence means a truncated download (or tables as images), not a
    free-form pre-2019 report.
    """
    head = doc.text[:5000]
    if doc.format == "html" and _web_page(head):
        hit = ERROR_PAGE.search(head)
        why_zh = f"（可能是错误页面：{hit.group(0).strip()}）" if hit else ""
        why_en = f" (probably an error page: {hit.group(0).strip()})" if hit else ""
        return InputError(
            f"这是一个网页，但没有年度报告的表格{why_zh}",
            f"this is a web page without the annual report's tables{why_en}",
            source=doc.source,
        )
    if year is not None and int(year) >= first_year():
        return ParseError(
            f"这是 {year} 年度的报告，应有国家统一格式的统计表，但文件中没有（文件可能被截断，或表格是图片）",
            f"a {year} report must carry the national template's tables and this file has none "
            "(truncated, or tables as images?)",
            source=doc.source,
        )
    return UnsupportedTemplate(
        "报告中没有 2019/2021 年版国家统一格式的统计表（可能是 2019 年以前的自由格式报告）",
        "no tables of the 2019 or 2021 national template (a pre-2019 free-form report?)",
        source=doc.source,
    )
