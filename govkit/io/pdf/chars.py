"""A page's characters from PDFium, in page coordinates, grouped into words, lines and the text of a cell."""

from __future__ import annotations

import ctypes
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from operator import attrgetter

from govkit.errors import InputError

_GAP = 0.6  # in a table drawn without lines, a gap wider than this many font sizes parts two cells
_LATIN = re.compile(r"[A-Za-z0-9]")
_DIGIT = re.compile(r"[0-9０-９]")
_TOL = 3.0  # points: snapping/joining ruling lines, their crossings, words and lines of text


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


# ---------------------------------------------------------------- geometry from PDFium


def _page_transform(page) -> tuple[float, ...]:
    """(a, b, c, d, e, f, height, width): user space -> page space with y down from the top of
    the page as displayed (its /Rotate applied), origin at the media box's corner."""
    x0, y0, x1, y1 = page.get_mediabox()
    rot = page.get_rotation() % 360
    w, h = x1 - x0, y1 - y0
    if rot == 90:  # x' = y - y0, top = x - x0
        return (0.0, 1.0, 1.0, 0.0, -y0, -x0, w, h)
    if rot == 180:  # x' = x1 - x, top = y - y0
        return (-1.0, 0.0, 0.0, 1.0, x1, -y0, h, w)
    if rot == 270:  # x' = y1 - y, top = x1 - x
        return (0.0, -1.0, -1.0, 0.0, y1, x1, w, h)
    return (1.0, 0.0, 0.0, -1.0, -x0, y1, h, w)  # x' = x - x0, top = y1 - y


def _chars(page, t: tuple[float, ...], n: int) -> list[_Char]:
    """The characters the page draws (not the spaces and line breaks PDFium adds), with the
    boxes pdfminer would give: advance width across, font size up from baseline + descent."""
    import pypdfium2.raw as pdfium_c

    from govkit.io import pdf  # read at call time: users set govkit.io.pdf.MAX_*

    tp = page.get_textpage()
    try:
        count = pdfium_c.FPDFText_CountChars(tp.raw)
        if count > pdf.MAX_CHARS:
            raise InputError(
                f"第 {n} 页有 {count:,} 个字符，超过每页 {pdf.MAX_CHARS:,} 个的上限，不像一份年度报告"
                "（可用 govkit.io.pdf.MAX_CHARS 调高）",
                f"page {n} has {count:,} characters, over the limit of {pdf.MAX_CHARS:,} a page "
                "(raise govkit.io.pdf.MAX_CHARS)",
            )
        return _char_boxes(tp.raw, count, t)
    finally:
        tp.close()


def _char_boxes(raw, count: int, t: tuple[float, ...]) -> list[_Char]:
    import pypdfium2.raw as pdfium_c

    rect, m = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    generated = pdfium_c.FPDFText_IsGenerated
    loose, matrix = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetMatrix
    font_size = pdfium_c.FPDFText_GetFontSize
    text = _page_text(raw, count)
    a, b, c, d, e, f = t[:6]
    upright = (a, b, c, d) == (1.0, 0.0, 0.0, -1.0)  # no /Rotate: x as is, y from the top
    out = []
    for i, ch in enumerate(text):
        if ch in "\ufffe\ufeff" or (ch in " \r\n" and generated(raw, i) == 1):
            continue
        loose(raw, i, rect)
        matrix(raw, i, m)
        size = font_size(raw, i) * (m.c * m.c + m.d * m.d) ** 0.5
        base = m.f
        if upright:
            out.append(_Char(ch, rect.left + e, rect.right + e, f - base - size, f - base, size))
            continue
        left, right, top = rect.left, rect.right, base + size
        xa, xb = a * left + c * base + e, a * right + c * top + e
        ya, yb = b * left + d * base + f, b * right + d * top + f
        out.append(_Char(ch, min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb), size))
    return out


def _page_text(raw, count: int) -> str:
    """Every character of the text page in one call, one str character per PDFium index."""
    import pypdfium2.raw as pdfium_c

    buf = ctypes.create_string_buffer((count + 1) * 2)
    units = pdfium_c.FPDFText_GetText(
        raw, 0, count, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort))
    )
    text = buf.raw[: max(units - 1, 0) * 2].decode("utf-16-le", errors="surrogatepass")
    if len(text) == count:
        return text
    get = pdfium_c.FPDFText_GetUnicode  # characters outside the BMP: one index, two UTF-16 units
    return "".join(
        chr(u) if u < 0x110000 else "\ufffd" for u in (get(raw, i) for i in range(count))
    )


def _objects(page, want: int, depth: int = 4) -> Iterator[tuple[object, tuple[float, ...]]]:
    """(object, matrix to user space) of every page object of type `want`, Form XObjects'
    contents included (at most `depth` forms deep)."""
    import pypdfium2.raw as pdfium_c

    form_type = pdfium_c.FPDF_PAGEOBJ_FORM
    get_type, m = pdfium_c.FPDFPageObj_GetType, pdfium_c.FS_MATRIX()

    def walk(parent, count, get, outer, level):
        for i in range(count(parent)):
            obj = get(parent, i)
            kind = get_type(obj)
            if kind in (want, form_type):
                pdfium_c.FPDFPageObj_GetMatrix(obj, m)
                mat = _times((m.a, m.b, m.c, m.d, m.e, m.f), outer)
                if kind == want:
                    yield obj, mat
                elif level < depth:
                    yield from walk(
                        obj,
                        pdfium_c.FPDFFormObj_CountObjects,
                        pdfium_c.FPDFFormObj_GetObject,
                        mat,
                        level + 1,
                    )

    yield from walk(
        page.raw,
        pdfium_c.FPDFPage_CountObjects,
        pdfium_c.FPDFPage_GetObject,
        (1.0, 0.0, 0.0, 1.0, 0.0, 0.0),
        0,
    )


def _times(p: tuple[float, ...], q: tuple[float, ...]) -> tuple[float, ...]:
    """The PDF matrix product p x q (p applied first)."""
    a, b, c, d, e, f = p
    A, B, C, D, E, F = q
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _clusters(items: list, key) -> list[list]:
    """Group items whose key values chain within _TOL (sorted by key; stable inside a group)."""
    keys = [key(i) for i in items]
    if not keys:
        return []
    if max(keys) - min(keys) <= _TOL:  # one line of text, one ruling line: the common case
        return [list(items)]
    values = sorted(set(keys))
    index, group, last = {}, 0, None
    for v in values:
        if last is not None and v > last + _TOL:
            group += 1
        index[v] = group
        last = v
    groups: dict[int, list] = defaultdict(list)
    for i, k in zip(items, keys, strict=True):
        groups[index[k]].append(i)
    return [groups[g] for g in sorted(groups)]


# ---------------------------------------------------------------- words and lines of text


def _words(chars: list[_Char]) -> list[list[_Char]]:
    """Characters into words, pdfplumber's way: lines by height, left to right; a word ends at
    white space, a gap wider than _TOL, a step back, or a jump in height."""
    words: list[list[_Char]] = []
    for line in _clusters(chars, _TOP):
        line.sort(key=_X)
        word: list[_Char] = []
        last = None
        for c in line:
            if c.text.isspace():
                if word:
                    words.append(word)
                word, last = [], None
                continue
            if last is not None and (
                c.x0 < last.x0 or c.x0 > last.x1 + _TOL or abs(c.top - last.top) > _TOL
            ):
                words.append(word)
                word = []
            word.append(c)
            last = c
        if word:
            words.append(word)
    return words


_TOP = attrgetter("top")
_X = attrgetter("x0", "x1")


def _word_lines(chars: list[_Char]) -> list[list[list[_Char]]]:
    """Words grouped into lines by the top of each word, top to bottom."""
    words = _words(chars)
    return _clusters(words, lambda w: min(c.top for c in w))


def _cell_text(chars: list[_Char]) -> str:
    if not chars:
        return ""
    lines = _word_lines(chars)
    return "\n".join(" ".join("".join(c.text for c in w) for w in line) for line in lines)


def _text_lines(chars: list[_Char], with_chars: bool) -> list[dict]:
    """Lines of prose with their text and box (and characters, left to right, if asked)."""
    out = []
    for line in _word_lines(chars):
        used = [c for w in line for c in w]
        out.append(
            {
                "text": " ".join("".join(c.text for c in w) for w in line),
                "x0": min(c.x0 for c in used),
                "x1": max(c.x1 for c in used),
                "top": min(c.top for c in used),
                "bottom": max(c.bottom for c in used),
                "chars": sorted(used, key=_X) if with_chars else [],
            }
        )
    return out


def _gap_cells(chars: list[_Char]) -> list[str]:
    cells: list[str] = []
    prev = None
    for ch in chars:
        if ch.text.isspace():
            continue
        if prev is None or ch.x0 - prev.x1 > _GAP * ch.size:
            cells.append("")
        cells[-1] += ch.text
        prev = ch
    return cells


def _join(parts: list[str]) -> str:
    """Lines of one paragraph or cell: no space between CJK, one between Latin words."""
    out = parts[0]
    for p in parts[1:]:
        sep = " " if out and p and _LATIN.match(out[-1]) and _LATIN.match(p[0]) else ""
        out += sep + p
    return out


def _key(row: list[tuple[float, str]]) -> tuple[str, ...]:
    return tuple(re.sub(r"\s+", "", t) for _x, t in row)
