"""What a hostile or broken PDF is refused for before and while it is read: inflation bombs, no real text layer, damage."""

from __future__ import annotations

import re
import zlib
from functools import cache

from govkit.errors import InputError

_UNDECODED = 0.5  # below this share of common characters, the text layer is not real text


def _check_text_layer(text: list[str], source: str) -> None:
    """No characters: a scanned PDF. Characters that are not text: fonts without ToUnicode."""
    chars = "".join(text)
    if not chars:
        raise InputError(
            "扫描版 PDF（无文字层），不支持 OCR；请使用机关发布的网页版或文字版 PDF/Word",
            "scanned PDF without a text layer; OCR is out of scope (use the web, Word or a text PDF)",
            source=source,
        )
    common = _common_chars()
    seen = [c for c in chars if not c.isspace()]
    if seen and sum(c in common for c in seen) < _UNDECODED * len(seen):
        raise InputError(
            "PDF 的文字层无法解码（字体缺少 ToUnicode 映射，取出的是字形编号而不是文字）；"
            "请使用机关发布的网页版或 Word 文件",
            "the PDF's text layer cannot be decoded (its fonts have no ToUnicode map: glyph "
            "numbers, not text); use the web or Word version",
            source=source,
        )


@cache
def _common_chars() -> frozenset[str]:
    """ASCII, GB2312's symbols and its 3,755 level-1 (common) hanzi: nearly all of a real report."""
    out = {chr(c) for c in range(0x20, 0x7F)}
    for hi in [*range(0xA1, 0xAA), *range(0xB0, 0xD8)]:
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return frozenset(out | set("，。、；：？！“”‘’（）《》—…·　"))


_STREAM = re.compile(
    rb"stream\r?\n"
)  # "endstream" skipped in the loop: a look-behind first is a slow scan
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_PDF_STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)")  # a literal (string), one level deep
_DICT_MAX = 1 << 16  # how far before `stream` its object's `obj` is looked for
_RATIO = 1032  # the most one Flate layer can inflate: 1 byte to 1,032 at best (zlib's limit)


def _check_inflated(data: bytes, source: str) -> None:
    """Bound what the compressed streams that are not images inflate to (PDFium never decodes
    images to read text), chained filters included, before PDFium parses anything: a 4 KB file
    may otherwise inflate to gigabytes inside the parser, beyond any check. A stream is only
    inflated (and only up to the limit) when Flate's best ratio could take the total over it."""
    from govkit.io import pdf  # read at call time: users set govkit.io.pdf.MAX_*

    known, pending, pending_bound = 0, [], 0  # inflated sizes; streams bounded, not inflated
    for m in _STREAM.finditer(data):
        if data[m.start() - 3 : m.start()] == b"end":
            continue
        head = _dictionary(data, m.start())
        if head is not None and (b"/Fl" not in head or _IMAGE.search(head)):
            continue  # not compressed with Flate, or an image: PDFium will not inflate it to read text
        head = head or b""  # a dictionary too long to find: bounded as one Flate layer at least
        layers = max(1, head.count(b"/FlateDecode") + len(re.findall(rb"/Fl\b", head)))
        end = data.find(b"endstream", m.end())
        raw = data[m.end() : end if end >= 0 else len(data)]
        bound = len(raw) * _RATIO**layers
        pending.append((raw, layers))
        if known + pending_bound + bound <= pdf.MAX_INFLATED:
            pending_bound += bound
            continue
        for raw, layers in pending:
            known += _inflated(raw, layers, pdf.MAX_INFLATED - known)
            if known > pdf.MAX_INFLATED:
                raise _inflates_too_far(source)
        pending, pending_bound = [], 0


def _dictionary(data: bytes, at: int) -> bytes | None:
    """The dictionary of the stream starting at `at`, its (strings) blanked so that a name written
    inside text is not taken for a key; None when its `obj` is further back than _DICT_MAX bytes
    (then nothing is known of its filters and the stream is bounded as compressed)."""
    start = data.rfind(b"obj", max(0, at - _DICT_MAX), at)
    if start < 0:
        return None
    return _PDF_STRING.sub(b"()", data[start + 3 : at])


def _inflates_too_far(source: str) -> InputError:
    from govkit.io import pdf  # read at call time: users set govkit.io.pdf.MAX_*

    cap = pdf.MAX_INFLATED // 2**20
    return InputError(
        f"PDF 中的压缩数据解压后超过 {cap} MiB 的上限（疑似压缩炸弹；可用 "
        "govkit.io.pdf.MAX_INFLATED 调高）",
        f"the PDF's compressed streams inflate past the limit of {cap} MiB (a "
        "decompression bomb? raise govkit.io.pdf.MAX_INFLATED)",
        source=source,
    )


def _inflated(raw: bytes, layers: int, room: int) -> int:
    """Bytes `raw` inflates to through `layers` Flate filters, counting no further than room+1;
    only the layers before the last are kept (each at most `room`)."""
    size = 0
    for layer in range(layers):
        d = zlib.decompressobj()
        out, size = [], 0
        try:
            buf = d.decompress(raw, 1 << 23)
            while True:
                size += len(buf)
                if size > room:
                    return room + 1
                if layer < layers - 1:
                    out.append(buf)
                if not d.unconsumed_tail:
                    break
                buf = d.decompress(d.unconsumed_tail, 1 << 23)
        except zlib.error:
            return size  # damaged or not really Flate: PDFium will say so, or read what it can
        raw = b"".join(out)
    return size


def _open_error(exc: Exception, source: str) -> InputError:
    import pypdfium2.raw as pdfium_c

    if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
        return InputError(
            "PDF 已加密（需要密码才能打开），请提供未加密的文件",
            "the PDF is encrypted (a password is needed to open it); supply an unencrypted copy",
            source=source,
        )
    if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_SECURITY:
        return InputError(
            "PDF 使用了不支持的加密方式，无法打开",
            "the PDF uses an unsupported security handler and cannot be opened",
            source=source,
        )
    return _damaged(exc, source)


def _damaged(exc: BaseException, source: str) -> InputError:
    return InputError(
        "PDF 已损坏，无法读取",
        f"damaged PDF: {type(exc).__name__}: {exc}",
        source=source,
    )
