"""Mutations of report files: what government sites and crawlers actually serve, made on purpose.

Independent of govkit, so the fuzz targets cannot shape their own inputs. One `mutate()` call picks
one to three text mutations (lines, table cells, digits, widths, zero-width characters, nesting,
spans, huge or signed numbers, units), an encoding (mostly UTF-8; GBK, GB18030, UTF-16 with and
without BOM, UTF-8 with BOM, or mojibake from decoding with the wrong codec) and sometimes a byte
mutation on top (a truncated download, flipped bytes). Everything is driven by one
`random.Random`, so a (seed, index) pair replays an input exactly.

Binary seeds (.docx/.pdf) get byte mutations, and a .docx additionally has its `word/document.xml`
mutated like HTML and re-zipped (see `mutate_binary`).
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_DIRS = (ROOT.parent / "shared" / "corpus", ROOT / "data", ROOT / "tests" / "fixtures")
_NOT_SEEDS = {"MANIFEST.tsv", "README.md"}
BINARY = (".docx", ".pdf")

FULL = {ch: chr(ord(ch) + 0xFEE0) for ch in "0123456789()[]-+.,%"}
HALF = {v: k for k, v in FULL.items()} | {"（": "(", "）": ")", "〔": "[", "〕": "]"}
INVISIBLE = ["\u200b", "\ufeff", "\u00a0", "\u3000", "\u200d", "\u2060", "\t", " "]
UNITS = ["元", "万元", "亿元", "件", "%", "条", "个", "项", "人次", "km"]
WORDS = ["增", "减", "无", "—", "/", "-", "0", "空", "N/A", "=1+1", "@SUM(A1)", "见附件"]
_DIGITS = re.compile(r"[0-9０-９]+")
_HTML_CELL = re.compile(r"<t[dh]\b[^>]*>.*?</t[dh]\s*>", re.S | re.I)
_HTML_TD_OPEN = re.compile(r"<t[dh]\b", re.I)
_HTML_TABLE = re.compile(r"<table\b.*?</table\s*>", re.S | re.I)


@dataclass(frozen=True)
class Seed:
    name: str
    data: bytes

    @property
    def kind(self) -> str:
        """'html', 'markdown', 'text' or a binary suffix: which cell mutations make sense."""
        suffix = Path(self.name).suffix.lower()
        if suffix in BINARY:
            return suffix[1:]
        head = self.data[:4096].lower()
        if b"<table" in head or b"<html" in head or b"<td" in self.data.lower():
            return "html"
        return "markdown" if suffix == ".md" else "text"


def load_seeds(dirs: tuple[Path, ...] = SEED_DIRS) -> list[Seed]:
    """Every report in the corpus and data/ (and binary fixtures), in a stable order."""
    seeds: list[Seed] = []
    seen: set[bytes] = set()  # data/ repeats some corpus files: one copy each
    for d in dirs:
        if not d.is_dir():
            continue
        for p in sorted(d.iterdir()):
            if not p.is_file() or p.name in _NOT_SEEDS:
                continue
            if d.name == "fixtures" and p.suffix.lower() not in (*BINARY, ".html"):
                continue  # fixtures: the Word/PDF/HTML reports, not the scripts beside them
            data = p.read_bytes()
            if data not in seen:
                seen.add(data)
                seeds.append(Seed(p.name, data))
    return seeds


# ---------------------------------------------------------------- text mutations


def _lines(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    if len(lines) < 2:
        return text
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    op = rng.choice(("delete", "duplicate", "swap", "delete_block"))
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[j])
    elif op == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    else:
        del lines[i : i + rng.randint(2, 40)]
    return "\n".join(lines)


def _cell_spans(text: str, kind: str) -> list[tuple[int, int]]:
    """Where the table cells are: <td>…</td> in HTML, between pipes in markdown, between tabs."""
    if kind == "html":
        return [m.span() for m in _HTML_CELL.finditer(text)]
    sep = "|" if kind == "markdown" else "\t"
    spans = []
    pos = 0
    for line in text.split("\n"):
        if sep in line:
            starts = [pos] + [pos + k + 1 for k, ch in enumerate(line) if ch == sep]
            ends = [pos + k for k, ch in enumerate(line) if ch == sep] + [pos + len(line)]
            spans.extend(zip(starts, ends, strict=True))
        pos += len(line) + 1
    return [s for s in spans if s[1] > s[0]] or [m.span() for m in _DIGITS.finditer(text)]


def _cells(rng: random.Random, text: str, kind: str) -> str:
    spans = _cell_spans(text, kind)
    if not spans:
        return text
    a, b = rng.choice(spans)
    c, d = rng.choice(spans)
    op = rng.choice(("delete", "duplicate", "swap", "replace"))
    if op == "delete":
        return text[:a] + text[b:]
    if op == "duplicate":
        return text[:b] + text[c:d] + text[b:]
    if op == "replace":
        inner = rng.choice([*WORDS, str(rng.randint(0, 10**6))])
        if kind == "html":
            return text[:a] + f"<td>{inner}</td>" + text[b:]
        return text[:a] + inner + text[b:]
    if (a, b) > (c, d):
        a, b, c, d = c, d, a, b
    if b > c:
        return text
    return text[:a] + text[c:d] + text[b:c] + text[a:b] + text[d:]


def _number_span(rng: random.Random, text: str) -> tuple[int, int] | None:
    found = list(_DIGITS.finditer(text))
    return rng.choice(found).span() if found else None


def _digits(rng: random.Random, text: str) -> str:
    """Edit a digit run: what segmentation of crawler text and every number parser must survive."""
    span = _number_span(rng, text)
    if span is None:
        return text
    a, b = span
    run = text[a:b]
    op = rng.choice(("insert", "delete", "change", "huge", "negative", "unit", "decimal", "word"))
    k = rng.randrange(len(run) + 1)
    if op == "insert":
        run = run[:k] + str(rng.randint(0, 9)) + run[k:]
    elif op == "delete":
        run = run[:k] + run[k + 1 :]
    elif op == "change":
        run = run[:k] + str(rng.randint(0, 9)) + run[k + 1 :]
    elif op == "huge":
        run = rng.choice(
            ["9" * rng.randint(17, 400), "1e308", "1" + "0" * 320, "18446744073709551616"]
        )
    elif op == "negative":
        run = rng.choice(["-", "－", "−", "+", "--"]) + run
    elif op == "unit":
        run = run + rng.choice(UNITS)
    elif op == "decimal":
        run = run[:k] + rng.choice([".", "。", ",", "，", ".5", ",000"]) + run[k:]
    else:
        run = rng.choice(WORDS)
    return text[:a] + run + text[b:]


def _widths(rng: random.Random, text: str) -> str:
    """Full-width <-> half-width digits and brackets in a stretch of the text."""
    if not text:
        return text
    a = rng.randrange(len(text))
    b = min(len(text), a + rng.choice((1, 10, 200, 5000)))
    table = FULL if rng.random() < 0.5 else HALF
    return text[:a] + "".join(table.get(ch, ch) for ch in text[a:b]) + text[b:]


def _invisible(rng: random.Random, text: str) -> str:
    """Zero-width characters, BOMs and odd spaces, often right inside a number or a label."""
    out = text
    for _ in range(rng.choice((1, 3, 30))):
        span = _number_span(rng, out) if rng.random() < 0.6 else None
        k = rng.randint(*span) if span else rng.randrange(len(out) + 1)
        out = out[:k] + rng.choice(INVISIBLE) + out[k:]
    return out


def _nest(rng: random.Random, text: str, kind: str) -> str:
    """Tables inside cells, a table inside a table, or markup nested deeper than any page."""
    if kind != "html":
        depth = rng.choice((2, 50, 3000))
        return text + "\n" + "|" * depth + "\n" + "(" * depth + "\n"
    op = rng.choice(("cell", "table", "deep"))
    if op == "cell" and (spans := _cell_spans(text, "html")):
        a, b = rng.choice(spans)
        cell = text[a:b]
        return text[:a] + f"<td><table><tr>{cell}{cell}</tr></table></td>" + text[b:]
    if op == "table" and (m := _HTML_TABLE.search(text)):
        return (
            text[: m.start()] + f"<table><tr><td>{m.group(0)}</td></tr></table>" + text[m.end() :]
        )
    depth = rng.choice((100, 1000, 20000))
    tag = rng.choice(("div", "table", "span", "td", "b"))
    k = rng.randrange(len(text) + 1)
    return text[:k] + f"<{tag}>" * depth + "x" + f"</{tag}>" * depth + text[k:]


def _spans(rng: random.Random, text: str, kind: str) -> str:
    """rowspan/colspan beyond the table, negative, zero or not a number."""
    opens = list(_HTML_TD_OPEN.finditer(text)) if kind == "html" else []
    if not opens:
        return text
    m = rng.choice(opens)
    attr = rng.choice(("rowspan", "colspan"))
    val = rng.choice(("999", "0", "-1", "abc", "2147483648", "65535", "1.5", ""))
    return text[: m.end()] + f' {attr}="{val}"' + text[m.end() :]


def _cut(rng: random.Random, text: str) -> str:
    return text[: rng.randrange(len(text) + 1)]


def _splice(rng: random.Random, text: str, other: str) -> str:
    """A stretch of another report pasted in (pages that embed two years, crawler mix-ups)."""
    if not other:
        return text
    a = rng.randrange(len(other))
    chunk = other[a : a + rng.choice((50, 500, 5000))]
    k = rng.randrange(len(text) + 1)
    return text[:k] + chunk + text[k:]


def _long_line(rng: random.Random, text: str) -> str:
    """One very long line (a page with no line breaks), or very many short ones."""
    if rng.random() < 0.5:
        return text.replace("\n", rng.choice((" ", "", "\t")))
    return text + "\n0" * rng.choice((1000, 20000))


FLOODS = ["1", "行", "一", " ", "(", "|", "\t", "0 ", "-", "<td>", "一、", "%", "件", "\n", "<p>"]
FLOODS += ["第二十条", "本年新收政府信息公开申请数量", "收到和处理政府信息公开申请情况", "总计"]


def _flood(rng: random.Random, text: str) -> str:
    """A long run of one thing: what makes a backtracking regex or a per-label loop quadratic."""
    k = rng.randrange(len(text) + 1)
    return text[:k] + rng.choice(FLOODS) * rng.choice((100, 5000, 30000)) + text[k:]


TextMutation = Callable[[random.Random, str, str, str], str]
MUTATIONS: dict[str, TextMutation] = {
    "lines": lambda rng, t, kind, other: _lines(rng, t),
    "cells": lambda rng, t, kind, other: _cells(rng, t, kind),
    "digits": lambda rng, t, kind, other: _digits(rng, t),
    "widths": lambda rng, t, kind, other: _widths(rng, t),
    "invisible": lambda rng, t, kind, other: _invisible(rng, t),
    "nest": lambda rng, t, kind, other: _nest(rng, t, kind),
    "spans": lambda rng, t, kind, other: _spans(rng, t, kind),
    "cut": lambda rng, t, kind, other: _cut(rng, t),
    "splice": lambda rng, t, kind, other: _splice(rng, t, other),
    "long_line": lambda rng, t, kind, other: _long_line(rng, t),
    "flood": lambda rng, t, kind, other: _flood(rng, t),
}
# cells and digits are where the numbers come from: weight them up
_WEIGHTED = [*MUTATIONS, "cells", "cells", "digits", "digits", "digits", "invisible", "lines"]


# ---------------------------------------------------------------- encodings and bytes


def _encode(rng: random.Random, text: str) -> tuple[bytes, str]:
    enc = rng.choices(
        ["utf-8", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "mojibake"],
        weights=[10, 2, 1, 1, 1, 1, 1, 1],
    )[0]
    if enc == "mojibake":  # UTF-8 bytes read as GBK by someone, then saved as UTF-8
        bad = text.encode("utf-8").decode("gbk", errors="replace")
        return bad.encode("utf-8"), enc
    try:
        return text.encode(enc), enc
    except UnicodeEncodeError:  # GBK cannot hold every character: what a real site does
        return text.encode(enc, errors="replace"), enc + "+replace"


def _flip(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    buf = bytearray(data)
    for _ in range(rng.choice((1, 2, 8, 64))):
        k = rng.randrange(len(buf))
        buf[k] = rng.randrange(256) if rng.random() < 0.5 else buf[k] ^ (1 << rng.randrange(8))
    return bytes(buf)


def _bytes(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    op = rng.choice(("cut", "flip", "insert_nul", "duplicate"))
    if op == "cut":
        return data[: rng.randrange(len(data) + 1)], "bytes:cut"
    if op == "flip":
        return _flip(rng, data), "bytes:flip"
    k = rng.randrange(len(data) + 1)
    if op == "insert_nul":
        return data[:k] + b"\x00" * rng.choice((1, 2, 100)) + data[k:], "bytes:nul"
    j = rng.randrange(len(data) + 1)
    return data[:k] + data[min(k, j) : max(k, j)][:100_000] + data[k:], "bytes:duplicate"


def pick_seed(rng: random.Random, seeds: list[Seed], binary_share: float = 0.02) -> Seed:
    """A seed; Word/PDF ones only `binary_share` of the time (a PDF takes ~1 s to read)."""
    binary = [s for s in seeds if s.kind in ("docx", "pdf")]
    text = [s for s in seeds if s.kind not in ("docx", "pdf")]
    pool = binary if binary and (not text or rng.random() < binary_share) else text
    return pool[rng.randrange(len(pool))]


def mutate(rng: random.Random, seed: Seed, others: list[Seed] | None = None) -> tuple[bytes, str]:
    """One mutant of `seed` and a short description of what was done (for the failure log)."""
    if seed.kind in ("docx", "pdf"):
        return mutate_binary(rng, seed)
    text = seed.data.decode("utf-8", errors="replace")
    other = rng.choice(others).data.decode("utf-8", errors="replace") if others else ""
    names = rng.sample(_WEIGHTED, rng.choice((1, 1, 2, 3)))
    for name in names:
        text = MUTATIONS[name](rng, text, seed.kind, other)
    data, enc = _encode(rng, text)
    what = [*names, enc]
    if rng.random() < 0.2:
        data, op = _bytes(rng, data)
        what.append(op)
    return data, "+".join(what)


def mutate_binary(rng: random.Random, seed: Seed) -> tuple[bytes, str]:
    """A .docx has its document.xml mutated like HTML cells (w:tc) and re-zipped; then bytes."""
    data, what = seed.data, []
    if seed.kind == "docx" and rng.random() < 0.7:
        data, op = _mutate_docx(rng, data)
        what.append(op)
    if not what or rng.random() < 0.3:
        data, op = _bytes(rng, data)
        what.append(op)
    return data, "+".join(what)


def _mutate_docx(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zin:
            parts = {i.filename: zin.read(i) for i in zin.infolist()}
    except (zipfile.BadZipFile, OSError, EOFError):
        return data, "docx:unreadable"
    xml = parts.get("word/document.xml", b"").decode("utf-8", errors="replace")
    name = rng.choice(("cells", "digits", "invisible", "widths", "cut"))
    if name == "cells":
        spans = [m.span() for m in re.finditer(r"<w:tc\b.*?</w:tc>", xml, re.S)]
        if spans:
            a, b = rng.choice(spans)
            xml = xml[:a] + (xml[a:b] * rng.choice((0, 2))) + xml[b:]
    else:
        xml = MUTATIONS[name](rng, xml, "html", "")
    parts["word/document.xml"] = xml.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for fname, body in parts.items():
            zout.writestr(fname, body)
    return out.getvalue(), f"docx:{name}"


# ---------------------------------------------------------------- one cell's content (issue 16)
#
# Mutations of ONE table cell whose visible text is known, so the check can hold each cell to its
# own visible text (fuzz/check.py `own_cell_problems`): a value read from a cell must be the number
# a reader of the page sees in that cell, else NaN. fuzz/variants.py puts the content into one
# template cell of a canonical document (`inject`) and renders it in every format.

CHINESE_IN_CELL = ["增加", "暂无", "无变化", "二十", "增", "减少", "持平", "十二"]
SPACES_IN_CELL = [" ", "\u00a0", "\u3000", "  ", "\t"]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@dataclass(frozen=True)
class CellContent:
    """What goes in the cell, per format, and what a reader of the page sees there."""

    kind: str
    visible: str  # "\n" where the page shows a line break
    html: str | None = None  # markup inside <td> (None: not for HTML)
    plain: str | None = None  # markdown / web text / crawler text (None: not for those)
    docx_runs: str | None = None  # w:r-level XML replacing the cell's run (docx)
    docx_para: str | None = None  # block-level XML replacing the cell's paragraph (docx)


def _num(rng: random.Random) -> str:
    return str(rng.choice((rng.randint(10, 99), rng.randint(100, 999), rng.randint(1, 9) * 11)))


def _run(text: str, extra: str = "") -> str:
    return f'<w:r>{extra}<w:t xml:space="preserve">{text}</w:t></w:r>'


def cell_content(rng: random.Random, fmt: str) -> CellContent:
    """A cell mutation that makes sense in `fmt` (html, markdown, text, crawler or docx)."""
    n, d = _num(rng), str(rng.randint(1, 9))
    a, b = str(rng.randint(1, 9)), str(rng.randint(0, 9))
    common = [CellContent("chinese", w, w, w, _run(w)) for w in [rng.choice(CHINESE_IN_CELL)]] + [
        CellContent(
            "space_inside", f"{a}{sp}{b}", f"{a}{sp}{b}", f"{a}{sp}{b}", _run(f"{a}{sp}{b}")
        )
        for sp in [rng.choice(SPACES_IN_CELL[:4] if fmt != "text" else SPACES_IN_CELL[:3])]
    ]
    if fmt == "crawler":  # white space IS the cell boundary there: no spaces inside a cell
        return CellContent("blank_crawler", "", plain="") if rng.random() < 0.5 else common[0]
    if fmt in ("markdown", "text"):
        return rng.choice(common)
    if fmt == "html":
        hidden = [
            f'{n[0]}<span style="display:none">{d}</span>{n[1:]}',
            f'{n[0]}<span style="display: none;">{d}</span>{n[1:]}',
            f"{n}<del>{d}</del>",
            f"{n}<template>{d}</template>",
            f"{n}<noscript>{d}</noscript>",
            f"<ruby>{n}<rt>{d}</rt></ruby>",
            f"{n[0]}<!--{d}-->{n[1:]}",
            f"<span hidden>{d}</span>{n}",
            f"<script>document.write('{d}')</script>{n}",
            f"<style>td{{}}</style>{n}",
        ]
        html_only = [
            CellContent("html_hidden", n, rng.choice(hidden)),
            CellContent("html_nested_table", n, f"<table><tr><td>{n}</td></tr></table>"),
            CellContent("html_br", f"{a}\n{b}", f"{a}<br>{b}"),
            CellContent("html_two_p", f"{a}\n{b}", f"<p>{a}</p><p>{b}</p>"),
        ]
        return rng.choice(common + html_only + html_only)
    # docx
    docx_only = [
        CellContent("docx_vanish", n, docx_runs=_run(n) + _run(d, "<w:rPr><w:vanish/></w:rPr>")),
        CellContent(
            "docx_del",
            n,
            docx_runs=_run(n)
            + f'<w:del w:id="901" w:author="x"><w:r><w:delText>{d}</w:delText></w:r></w:del>',
        ),
        CellContent("docx_ins", n, docx_runs=f'<w:ins w:id="902" w:author="x">{_run(n)}</w:ins>'),
        CellContent(
            "docx_fldSimple", n, docx_runs=f'<w:fldSimple w:instr=" = {n} ">{_run(n)}</w:fldSimple>'
        ),
        CellContent(
            "docx_smartTag",
            n,
            docx_runs=f'<w:smartTag w:uri="urn:x" w:element="n">{_run(n)}</w:smartTag>',
        ),
        CellContent(
            "docx_sdt", n, docx_runs=f"<w:sdt><w:sdtContent>{_run(n)}</w:sdtContent></w:sdt>"
        ),
        CellContent(
            "docx_nested_table",
            n,
            docx_para="<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc><w:p>"
            + _run(n)
            + "</w:p></w:tc></w:tr></w:tbl><w:p/>",
        ),
        CellContent(
            "docx_two_p", f"{a}\n{b}", docx_para=f"<w:p>{_run(a)}</w:p><w:p>{_run(b)}</w:p>"
        ),
    ]
    return rng.choice(common + docx_only + docx_only)


DOCX_MARKER = "424242"  # what the canonical .docx holds in the cell a mutation replaces


def inject_docx(data: bytes, content: CellContent, marker: str = DOCX_MARKER) -> bytes:
    """Replace the run (or paragraph) holding `marker` in word/document.xml with the content."""
    from lxml import etree

    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        parts = {i.filename: zin.read(i) for i in zin.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    t = next(x for x in root.iterfind(".//w:t", ns) if x.text == marker)
    run = t.getparent()
    para = run.getparent()
    if content.docx_para is not None:
        old, xml = para, content.docx_para
    else:
        old, xml = run, content.docx_runs or _run(content.visible)
    new = etree.fromstring(f"<x {W}>{xml}</x>")
    parent = old.getparent()
    k = parent.index(old)
    parent.remove(old)
    for j, el in enumerate(new):
        parent.insert(k + j, el)
    parts["word/document.xml"] = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, body in parts.items():
            zout.writestr(name, body)
    return out.getvalue()
