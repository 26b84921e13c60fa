"""Generate the hostile input files of issue 16 §2/§4 (none is committed: this script makes them).

    .venv/bin/python fuzz/hostile/make.py [OUT]        # default OUT: fuzz/hostile/out (git-ignored)

Each file is tiny or small on disk and costs a naive reader a hang, gigabytes, or a misleading
message. benchmarks/bench_bounds.py reads every one and prints outcome, seconds and peak memory.

| file | what |
|---|---|
| cycle_mediabox.pdf | the page's /MediaBox is an indirect object that refers to itself |
| cycle_pages.pdf | /Pages and its only kid are each other's kid and parent (a 2-cycle) |
| cycle_font.pdf | a Type0 font whose /DescendantFonts refer back to the font itself |
| cycle_contents.pdf | the page's /Contents is an array holding a reference to itself |
| grid_400.pdf | one page with a 400 x 400 ruling-line grid (~5 KB; pdfplumber's cell search is ~N^4) |
| flate_bomb.pdf | a content stream FlateDecode'd twice: ~4 KB inflating to 2 GiB |
| million_chars.pdf | one page showing 1,000,000 characters |
| million_pages.pdf | 1,000,000 page objects packed in object streams |
| encrypted.pdf | a standard-security-handler PDF that needs a password |
| no_tounicode.pdf | an Identity-H font without a ToUnicode map: the text cannot be decoded |
| rows_2700000.docx | a Word file whose one table has 2.7 million rows (zipped: a few MB) |
| fifo.txt | a named pipe nobody writes to (opening it blocks) |
"""

from __future__ import annotations

import io
import os
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
A4 = b"[0 0 595 842]"


def pdf(objects: list[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF of `objects` (object k+1 is objects[k]) with a classic xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R " % (len(objects) + 1, root) + trailer_extra)
    out.write(b">>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"", filters: int = 1) -> bytes:
    """A stream object body, FlateDecode'd `filters` times."""
    for _ in range(filters):
        data = zlib.compress(data, 9)
    names = b" ".join([b"/FlateDecode"] * filters)
    flt = b"/Filter [%s] " % names if filters else b""
    return b"<< /Length %d %s%s>>\nstream\n" % (len(data), flt, extra) + data + b"\nendstream"


def _page_objects(contents: bytes, font: bytes = b"/F1 5 0 R", media: bytes = A4) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << /Font << %s >> >> "
        b"/Contents 4 0 R >>" % (media, font),
        contents,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


TEXT = stream(b"BT /F1 12 Tf 72 760 Td (2024 annual report) Tj ET")


def cycle_mediabox() -> bytes:
    objs = _page_objects(TEXT, media=b"6 0 R")
    return pdf([*objs, b"6 0 R"])


def cycle_pages() -> bytes:
    objs = _page_objects(TEXT)
    objs[1] = b"<< /Type /Pages /Kids [6 0 R] /Count 1 /Parent 6 0 R >>"
    objs[2] = objs[2].replace(b"/Parent 2 0 R", b"/Parent 6 0 R")
    return pdf([*objs, b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 /Parent 2 0 R >>"])


def cycle_font() -> bytes:
    objs = _page_objects(TEXT)
    objs[4] = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Cyc /Encoding /Identity-H "
        b"/DescendantFonts [5 0 R] /FontDescriptor 5 0 R /ToUnicode 5 0 R >>"
    )
    return pdf(objs)


def cycle_contents() -> bytes:
    objs = _page_objects(b"[4 0 R 4 0 R]")
    return pdf(objs)


def grid(n: int = 400) -> bytes:
    """n x n cells 4 pt apart (wider than the 3 pt snapping tolerance, so no line merges into
    the next) on a 1,700 pt page, and a word in the first cell (so the page has text)."""
    ops = [b"BT /F1 1 Tf 51 1647 Td (2024) Tj ET", b"0.5 w"]
    side = 4 * n
    for i in range(n + 1):
        ops.append(b"50 %d m %d %d l S" % (1650 - 4 * i, 50 + side, 1650 - 4 * i))
        ops.append(b"%d 1650 m %d %d l S" % (50 + 4 * i, 50 + 4 * i, 1650 - side))
    return pdf(_page_objects(stream(b"\n".join(ops)), media=b"[0 0 1700 1700]"))


def flate_bomb(size: int = 2 * 2**30) -> bytes:
    inner = zlib.compressobj(9)
    chunk = b" " * (16 * 2**20)
    parts = [inner.compress(chunk) for _ in range(size // len(chunk))]
    once = b"".join(parts) + inner.flush()
    twice = zlib.compress(once, 9)
    body = b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(twice)
    return pdf(_page_objects(body + twice + b"\nendstream"))


def million_chars(n: int = 1_000_000) -> bytes:
    lines = [b"BT /F1 1 Tf 0.01 Tc"]
    per = 1000
    for i in range(n // per):
        lines.append(b"1 0 0 1 20 %.2f Tm (%s) Tj" % (830 - i * 0.8, b"0" * per))
    lines.append(b"ET")
    return pdf(_page_objects(stream(b"\n".join(lines))))


def million_pages(n: int = 1_000_000, per_stream: int = 10_000) -> bytes:
    """Page objects in object streams, found through a cross-reference stream (PDF 1.5)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    first_page = 3
    n_streams = -(-n // per_stream)
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(n))
    # objects: 1 catalog, 2 pages, 3..n+2 pages (in object streams), then the object streams
    entries: dict[int, tuple[int, int, int]] = {}
    entries[1] = (1, out.tell(), 0)
    out.write(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
    entries[2] = (1, out.tell(), 0)
    out.write(b"2 0 obj\n<< /Type /Pages /Count %d /Kids [" % n + kids + b"] >>\nendobj\n")
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    for s in range(n_streams):
        num = first_page + n + s
        ids = range(
            first_page + s * per_stream, min(first_page + n, first_page + (s + 1) * per_stream)
        )
        header, body = [], io.BytesIO()
        for k, obj in enumerate(ids):
            header.append(b"%d %d" % (obj, body.tell()))
            body.write(page + b"\n")
            entries[obj] = (2, num, k)
        head = b" ".join(header) + b"\n"
        data = zlib.compress(head + body.getvalue(), 9)
        entries[num] = (1, out.tell(), 0)
        out.write(
            b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Length %d /Filter /FlateDecode >>\nstream\n"
            % (num, len(ids), len(head), len(data))
        )
        out.write(data + b"\nendstream\nendobj\n")
    xref_num = first_page + n + n_streams
    entries[xref_num] = (1, out.tell(), 0)
    size = xref_num + 1
    rows = io.BytesIO()
    rows.write(bytes([0]) + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big"))
    for obj in range(1, size):
        t, a, b = entries[obj]
        rows.write(bytes([t]) + a.to_bytes(4, "big") + b.to_bytes(2, "big"))
    data = zlib.compress(rows.getvalue(), 9)
    start = out.tell()
    out.write(
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d "
        b"/Filter /FlateDecode >>\nstream\n" % (xref_num, size, len(data))
    )
    out.write(data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % start)
    return out.getvalue()


def encrypted() -> bytes:
    """RC4 40-bit standard security handler whose user password is not empty (O/U made up)."""
    objs = _page_objects(TEXT)
    o = b"<" + b"11" * 32 + b">"
    u = b"<" + b"22" * 32 + b">"
    objs.append(b"<< /Filter /Standard /V 1 /R 2 /O %s /U %s /P -44 >>" % (o, u))
    return pdf(
        objs,
        trailer_extra=b"/Encrypt 6 0 R /ID [<00112233445566778899aabbccddeeff> "
        b"<00112233445566778899aabbccddeeff>] ",
    )


def no_tounicode() -> bytes:
    """Chinese-looking text set in an Identity-H CID font with no ToUnicode map and no font file."""
    cids = "".join(f"{0x4E00 + (i * 37) % 3000:04X}" for i in range(400))
    body = (
        b"BT /F1 12 Tf 14 TL 72 780 Td "
        + b" ".join(b"<%s> Tj T*" % cids[i : i + 80].encode() for i in range(0, len(cids), 80))
        + b" ET"
    )
    objs = _page_objects(stream(body))
    objs[4] = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] >>"
    )
    objs.append(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 "
        b"/FontDescriptor 7 0 R >>"
    )
    objs.append(
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] "
        b"/ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>"
    )
    return pdf(objs)


def docx_rows(n: int = 2_700_000) -> bytes:
    """Rows numbered 0..n-1 (varied text, so the zip ratio stays below the zip-bomb check)."""
    rows = b"".join(
        b"<w:tr><w:tc><w:p><w:r><w:t>%d</w:t></w:r></w:p></w:tc></w:tr>" % (i * 7919 % 1000003)
        for i in range(n)
    )
    doc = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:tbl>" + rows + b"</w:tbl></w:body></w:document>"
    )
    types = (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        b'vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
        b'main+xml"/></Types>'
    )
    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        b'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="word/document.xml"/></Relationships>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("word/document.xml", doc)
    return buf.getvalue()


MAKERS: dict[str, Callable[[], bytes]] = {
    "cycle_mediabox.pdf": cycle_mediabox,
    "cycle_pages.pdf": cycle_pages,
    "cycle_font.pdf": cycle_font,
    "cycle_contents.pdf": cycle_contents,
    "grid_400.pdf": grid,
    "flate_bomb.pdf": flate_bomb,
    "million_chars.pdf": million_chars,
    "million_pages.pdf": million_pages,
    "encrypted.pdf": encrypted,
    "no_tounicode.pdf": no_tounicode,
    "rows_2700000.docx": docx_rows,
}


def make(out: Path, names: list[str] | None = None) -> list[Path]:
    """Write the hostile files (all, or `names`) into `out`; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, maker in MAKERS.items():
        if names is None or name in names:
            path = out / name
            if not path.exists():
                path.write_bytes(maker())
            paths.append(path)
    fifo = out / "fifo.txt"
    if (names is None or "fifo.txt" in names) and hasattr(os, "mkfifo"):
        if not fifo.exists():
            os.mkfifo(fifo)
        paths.append(fifo)
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "out"
    for p in make(target):
        size = p.stat().st_size if p.is_file() else 0
        print(f"{p.name:24} {size:>12,} bytes")
