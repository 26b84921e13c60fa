"""HTML report pages: tables as rows of cells, everything else as paragraphs, in reading order.

Row and column spans are not expanded: the template matcher reads a row by its label and its
trailing value cells, which is what survives the mismatched spans real pages carry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
from lxml import etree

from govkit.errors import InputError
from govkit.io.document import Cell, Document
from govkit.limits import check_rows, check_time

_SKIP = {"script", "style", "head", "title", "noscript", "template", "iframe", "object"}
_BLOCK = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "center",
    "form",
    "body",
    "html",
    "caption",
}
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# lxml.html's own parser (same options) builds the same tree, but looks up a Python element class
# for every node it hands out; the plain one does not, and the reader needs only tag/text/tail.
_PARSER = etree.HTMLParser()
# libxml2 stops at 256 levels of nesting and at 10 MB of text in one node, and silently drops the
# rest of the page. HUGE_TREE = True lifts that (2048 levels, 1 GB): the walk below is iterative,
# so any depth is safe for govkit; the limits are libxml2's guard against hostile pages.
HUGE_TREE = False
_HUGE_PARSER = etree.HTMLParser(huge_tree=True)


def parse_html(text: str, source: str = "", encoding: str = "") -> Document:
    parser = _HUGE_PARSER if HUGE_TREE else _PARSER
    try:
        root = lxml.html.fromstring(_XML_DECL.sub("", text) or "<html></html>", parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError("HTML 无法解析", f"cannot parse HTML: {exc}", source=source) from exc
    _check_limits(parser, source)
    rows: list[tuple[Cell, ...]] = []
    buf: list[str] = []
    tables = 0

    def flush() -> None:
        for line in "".join(buf).split("\n"):
            if line.strip():
                rows.append((Cell(line, f"paragraph {len(rows) + 1}"),))
        buf.clear()

    for k, item in enumerate(_flow(root)):
        if k % 4096 == 0:
            check_time("HTML")
        if isinstance(item, str):
            buf.append(item)
            continue
        flush()
        tables += 1
        _table(item, tables, rows)
        check_rows(len(rows), source)
    flush()
    check_rows(len(rows), source)
    return Document(rows, "html", source, encoding)


def _flow(root) -> Iterator:
    """The page in reading order: text pieces (with line breaks for blocks) and table elements.

    Depth-first with an explicit stack, not recursion, so no nesting depth raises RecursionError.
    The stack holds elements still to visit and text (tails, block ends) still to hand out.
    """
    stack: list = [root]
    while stack:
        el = stack.pop()
        if isinstance(el, str):
            yield el
            continue
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP:
            continue
        if tag in ("table", "br"):
            yield el if tag == "table" else "\n"
            continue
        block = tag in _BLOCK
        if block:
            yield "\n"
        if el.text and tag:
            yield el.text
        later: list = []
        for child in el:
            later.append(child)
            if child.tail:
                later.append(child.tail)
        if block:
            later.append("\n")
        stack.extend(reversed(later))


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


def _table(table, t: int, rows: list[tuple[Cell, ...]]) -> None:
    for r, tr in enumerate(table.iter("tr"), 1):
        cells = [
            Cell(_text(td), f"table {t} row {r} col {c}")
            for c, td in enumerate((x for x in tr if x.tag in ("td", "th")), 1)
        ]
        if cells:
            rows.append(tuple(cells))


def _text(el) -> str:
    """All text inside el, as "".join(el.itertext()) gives it, but in C (6x faster)."""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def looks_like_html(text: str) -> bool:
    head = text[:4096].lower()
    return bool(re.search(r"<\s*(!doctype\s+html|html|body|table|div|p|meta)\b", head))
