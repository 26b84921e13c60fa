"""HTML report pages: what a browser shows, as rows of cells (tables) and paragraphs, in reading order.

What a browser does not show is not read: scripts, styles, comments, `<template>`, `<noscript>`,
deleted and struck-out text (`<del>`, `<s>`, `<strike>`), ruby annotations (`<rt>`, `<rp>`),
elements hidden by the `hidden` attribute or an inline style (`display:none`,
`visibility:hidden`, line-through). Where a browser breaks a line (`<br>`, a paragraph or other
block) the text gets a line break, inside a table cell too, so `1<br>1` reads "1\\n1", never "11".
(Hiding by a class in a style sheet is not resolved: that would need the page's CSS cascade.)

A table inside a table cell is a table of its own, and a table used as a frame is read as the
page it frames (govkit.io.layout).

Row and column spans are not expanded: the template matcher reads a row by its label and its
trailing value cells, which is what survives the mismatched spans real pages carry.

Speed: the page is parsed once by libxml2 and written out as text with table markers by one
libxslt pass (no Python work per element or text node); the inline styles are searched all at
once, as one string.
"""

from __future__ import annotations

import re

from lxml import etree

from govkit.errors import InputError
from govkit.io.document import Document
from govkit.io.layout import (
    CELL,
    END,
    ROW,
    START,
    rows_of,
    strip_marker_bytes,
    strip_markers,
    write_text,
)
from govkit.limits import check_time

# What a browser never shows (head and title hold no report text either), and the elements it
# starts on a new line and ends one after.
_INVISIBLE = "script|style|head|title|noscript|template|iframe|object|del|s|strike|rt|rp"
_BLOCKS = (
    "p|div|h1|h2|h3|h4|h5|h6|li|ul|ol|section|article|header|footer|blockquote|pre|dd|dt|dl"
    "|center|form|body|html|caption|address|figure|figcaption|main|nav|aside|fieldset|legend"
)
_HIDDEN_TAG = "govkit-hidden"  # elements hidden by an attribute or a style are renamed to this
_SEP = START  # frames style values in an XPath string: no attribute holds a marker (strip_markers)
# The page as text in one libxslt pass: invisible elements write nothing, blocks and <br> write
# line breaks, and each table writes its rows and cells between markers (mode "table": the
# table's own rows, so text between rows or cells is not glued to a cell).
# text between a table's rows or cells, outside any cell: a browser shows it above the table
_STRAY = "|".join(
    f"{p}text()[normalize-space()]"
    for p in ("", "tr/", "thead/", "tbody/", "tfoot/", "thead/tr/", "tbody/tr/", "tfoot/tr/")
)
_STYLESHEET = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="{_INVISIBLE}|{_HIDDEN_TAG}"/>
<xsl:template match="{_INVISIBLE}|{_HIDDEN_TAG}" mode="table"/>
<xsl:template match="{_BLOCKS}"><xsl:text>&#10;</xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text></xsl:template>
<xsl:template match="br|hr"><xsl:text>&#10;</xsl:text></xsl:template>
<xsl:template match="table"><xsl:for-each select="{_STRAY}"><xsl:text>&#10;</xsl:text><xsl:value-of select="."/><xsl:text>&#10;</xsl:text></xsl:for-each>&#x{ord(START):x};<xsl:apply-templates select="*" mode="table"/>&#x{ord(END):x};</xsl:template>
<xsl:template match="thead|tbody|tfoot" mode="table"><xsl:apply-templates select="*" mode="table"/></xsl:template>
<xsl:template match="tr" mode="table">&#x{ord(ROW):x};<xsl:apply-templates select="td|th" mode="table"/></xsl:template>
<xsl:template match="td|th" mode="table"><xsl:apply-templates/>&#x{ord(CELL):x};</xsl:template>
</xsl:stylesheet>"""
_STYLES = etree.XPath("//@style", smart_strings=False)
_STYLES_OF = etree.XPath("//@style")  # "smart" strings: each knows its element (getparent)
# display:none, the usual hiding style, in the page's text (one search, ~20 µs on a seed page
# without it): the styles are then fetched with their elements in one walk, ~0.1 ms less than
# the second walk that fetches a hiding style's elements otherwise. A wrong guess costs time only.
# Not on a page above _WITH_ELEMENTS characters (real ones are ~0.1 MB): a Python proxy per
# styled element would multiply what a huge page's styles take in memory.
_NONE = {True: b"none", False: "none"}
_WITH_ELEMENTS = 2_000_000
# the elements whose style is one of $values (each framed by _SEP): one pass over the page
_STYLED_AS = etree.XPath(f"//@style[contains($values, concat('{_SEP}', ., '{_SEP}'))]/..")
_HIDDEN_ATTR = etree.XPath("//@hidden/..")
# inline styles that hide text (lower case); one pattern each, so that each is found by its
# literal prefix instead of being tried at every position
_HIDING = [
    re.compile(r"display\s*:\s*none"),
    re.compile(r"visibility\s*:\s*(?:hidden|collapse)"),
    re.compile(r"line-through"),
]
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# libxml2 stops at 256 levels of nesting and at 10 MB of text in one node, and silently drops the
# rest of the page. HUGE_TREE = True lifts that (2048 levels, 1 GB): nothing in Python recurses,
# and libxslt's template depth limit (3000) is above it.
HUGE_TREE = False
# by (HUGE_TREE, the page given as UTF-8 bytes): libxml2 reads UTF-8 as it is, where a str
# reaches it as UTF-16 to be converted (parsing the bytes a file holds is ~8% faster). No table
# of id attributes is built (collect_ids): nothing looks elements up by id (~3% of a parse).
_PARSERS = {
    (huge, utf8): etree.HTMLParser(
        huge_tree=huge,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
        encoding="utf-8" if utf8 else None,
    )
    for huge in (False, True)
    for utf8 in (False, True)
}


def parse_html(text: str, source: str = "", encoding: str = "", utf8: bytes = b"") -> Document:
    """The page `text`; `utf8` is the same page as the UTF-8 bytes it was decoded from, when
    the caller has them (a file), parsed instead of `text`."""
    page: str | bytes = strip_marker_bytes(utf8)
    if not page:  # lxml refuses a str that declares an encoding: cut the declaration
        page = _XML_DECL.sub("", strip_markers(text))
    root = _parse(page, source)
    check_time("HTML")
    published = _published(root)  # before _hide: <head> is not shown, its meta tags are still read
    _hide(root, page)
    rows = rows_of(_text(root, source), source)
    return Document(
        rows,
        "html",
        source,
        encoding,
        published=published,
        published_source="html" if published else "",
    )


# the publication-date meta tags of Chinese government CMSs (PubDate, 发布时间 …) and the common ones
_DATE_META = (
    "pubdate",
    "publishdate",
    "publish_date",
    "maketime",
    "firstpublishedtime",
    "article:published_time",
    "og:published_time",
    "dc.date",
    "dcterms.issued",
    "date",
)


def _published(root: etree._Element) -> str:
    """The page's publication date from its meta tags, in the order of _DATE_META; "" if none."""
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        if name in _DATE_META and name not in found:
            found[name] = (meta.get("content") or "").strip()[:40]
    return next((found[n] for n in _DATE_META if found.get(n)), "")


def _parse(page: str | bytes, source: str) -> etree._Element:
    parser = _PARSERS[HUGE_TREE, isinstance(page, bytes)]
    try:
        root = etree.fromstring(page or "<html></html>", parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError("HTML 无法解析", f"cannot parse HTML: {exc}", source=source) from exc
    _check_limits(parser, source)
    if root is None:  # libxml2 found no element at all (e.g. only a doctype)
        root = etree.fromstring("<html></html>", parser=parser)
    return root


def _hide(root: etree._Element, page: str | bytes) -> None:
    """Rename elements hidden by the `hidden` attribute or an inline style, so nothing of them
    is written. A page repeats a few style values hundreds of times (Word: one per cell), so
    each distinct value is tested once. When the page holds "none" (display:none), the styles
    come with their elements; else as plain strings (a "smart" one makes a Python proxy per
    styled element: ~0.07 ms on the seed page), and a hiding one's elements are fetched in a
    second pass."""
    hidden = _HIDDEN_ATTR(root)
    if len(page) <= _WITH_ELEMENTS and _NONE[isinstance(page, bytes)] in page:
        styles = _STYLES_OF(root)
        hiding = {v for v in set(styles) if _hides(v.lower())}
        if hiding:
            hidden += [v.getparent() for v in styles if v in hiding]
    else:
        values = [v for v in set(_STYLES(root)) if _hides(v.lower())]
        if values:
            hidden += _STYLED_AS(root, values=_SEP.join(["", *values, ""]))
    for el in hidden:
        if el.tag not in ("html", "body"):  # pages hide these until a script has run
            el.tag = _HIDDEN_TAG


def _hides(style: str) -> bool:
    """Whether an inline style (lower case) hides its element's text."""
    return any(p.search(style) for p in _HIDING)


def _text(root: etree._Element, source: str) -> str:
    try:
        return write_text(_STYLESHEET, root)
    except etree.XSLTApplyError as exc:  # libxslt's depth limit: only a HUGE_TREE page nests so
        raise InputError(
            "网页 HTML 嵌套过深，无法读取",
            f"HTML nested too deeply to read: {exc}",
            source=source,
        ) from exc


def _check_limits(parser: etree.HTMLParser, source: str) -> None:
    """libxml2 hit a resource limit and dropped the rest of the page: say so, do not read half."""
    hit = [e.message.strip() for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"]
    if not hit:
        return
    raise InputError(
        "网页 HTML 超出解析器上限（嵌套超过 256 层或单段文字超过 10 MB），其后内容会丢失，"
        "不予读取（可设 govkit.io.html.HUGE_TREE = True 放宽到 2048 层、1 GB）",
        f"HTML beyond the parser's limits (nesting over 256 levels or over 10 MB of text in one "
        f"node: {hit[0]}); the rest of the page would be lost (set govkit.io.html.HUGE_TREE = True "
        "to allow 2048 levels and 1 GB)",
        source=source,
    )


def looks_like_html(text: str) -> bool:
    head = text[:4096].lower()
    return bool(re.search(r"<\s*(!doctype\s+html|html|body|table|div|p|meta)\b", head))
