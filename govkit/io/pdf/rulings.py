"""Tables from a page's ruling lines (the lattice method): lines merged, crossings found, the smallest cells, text placed in them."""

from __future__ import annotations

import ctypes
from bisect import bisect_left
from collections import defaultdict
from itertools import pairwise

from govkit.errors import InputError
from govkit.io.pdf.chars import _TOL, _cell_text, _Char, _clusters, _objects, _times

_FINE = 1.0  # points: pieces this close are one line even where _TOL is too coarse
_WORK = 2_000_000  # corner checks while finding cells on one page (a report's table: ~10,000)


def _rulings(page, t: tuple[float, ...], n: int) -> list[tuple[str, float, float, float]]:
    """Each straight horizontal or vertical piece of every path, as pdfminer + pdfplumber see
    them: ('h', y, x0, x1) / ('v', x, top, bottom) in page space. A drawn line is one piece
    (a slanted one is taken as vertical, as pdfplumber does); a rectangle or polygon gives its
    axis-parallel sides."""
    import pypdfium2.raw as pdfium_c

    from govkit.io import pdf  # read at call time: users set govkit.io.pdf.MAX_*

    out: list[tuple[str, float, float, float]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    moveto = pdfium_c.FPDF_SEGMENT_MOVETO
    get_seg, get_point = pdfium_c.FPDFPath_GetPathSegment, pdfium_c.FPDFPathSegment_GetPoint
    get_kind, get_close = pdfium_c.FPDFPathSegment_GetType, pdfium_c.FPDFPathSegment_GetClose
    for raw, mat in _objects(page, pdfium_c.FPDF_PAGEOBJ_PATH):
        count = pdfium_c.FPDFPath_CountSegments(raw)
        if len(out) + count > pdf.MAX_RULINGS:
            raise _too_many_rulings(n, pdf.MAX_RULINGS, "MAX_RULINGS")
        a, b, c, d, e, f = _times(mat, t[:6])
        pts: list[tuple[float, float]] = []
        for i in range(count):
            seg = get_seg(raw, i)
            get_point(seg, x, y)
            p = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            if pts and get_kind(seg) == moveto:
                _pieces(pts, out)
                pts = []
            pts.append(p)
            if get_close(seg) and pts[0] != p:
                pts.append(pts[0])
        _pieces(pts, out)
    return out


def _pieces(pts: list[tuple[float, float]], out: list) -> None:
    if len(pts) == 2:  # a line: pdfplumber calls every line that is not flat vertical
        (xa, ya), (xb, yb) = pts
        if ya == yb:
            out.append(("h", ya, min(xa, xb), max(xa, xb)))
        else:
            out.append(("v", min(xa, xb), min(ya, yb), max(ya, yb)))
        return
    for (xa, ya), (xb, yb) in pairwise(pts):
        if xa == xb:
            out.append(("v", xa, min(ya, yb), max(ya, yb)))
        elif ya == yb:
            out.append(("h", ya, min(xa, xb), max(xa, xb)))


def _too_many_rulings(n: int, cap: int, name: str) -> InputError:
    return InputError(
        f"第 {n} 页的表格线过多或过于复杂（超过 {name} = {cap:,}），不像一份年度报告的表格"
        f"（可用 govkit.io.pdf.{name} 调高）",
        f"page {n} has too many ruling lines or crossings (over {name} = {cap:,}) for a "
        f"report's table (raise govkit.io.pdf.{name})",
    )


# ---------------------------------------------------------------- tables from ruling lines


def _merge(pieces: list[tuple[str, float, float, float]]) -> list[tuple[str, float, float, float]]:
    """Snap pieces within _TOL of one line to their mean position, join the overlapping or
    nearly touching ones, keep those at least _TOL long (pdfplumber's defaults)."""
    out = []
    for kind in ("v", "h"):
        group = [p for p in pieces if p[0] == kind and p[3] - p[2] >= 1]
        for chain in _clusters(group, lambda p: p[1]):
            for cluster in _lines(chain):
                out += _joined(kind, cluster)
    return out


def _joined(kind: str, cluster: list) -> list[tuple[str, float, float, float]]:
    """One line's pieces at their mean position, overlapping or nearly touching pieces joined."""
    pos = sum(p[1] for p in cluster) / len(cluster)
    spans = sorted((p[2], p[3]) for p in cluster)
    joined = [list(spans[0])]
    for a, b in spans[1:]:
        if a <= joined[-1][1] + _TOL:
            joined[-1][1] = max(joined[-1][1], b)
        else:
            joined.append([a, b])
    return [(kind, pos, a, b) for a, b in joined if b - a >= _TOL]


def _lines(chain: list) -> list[list]:
    """The lines in a chain of parallel pieces each within _TOL of the next: usually one line
    drawn in slightly offset pieces, snapped whole (pdfplumber's rule). But two pieces running
    side by side for more than _TOL, further apart than _TOL, are two lines: the borders of a
    very narrow column (a table squeezed narrow), chained by pieces between them in other rows
    or tables. Snapped together they lost the column, and its text ran into the next cell ('0'
    and '35' read as '3 0 5', a blank total read as 0). Such a chain is split where its pieces
    are more than a hairline (_FINE) apart: each drawn line keeps its own position."""
    import numpy as np

    pos = np.array([p[1] for p in chain])
    if pos.max() - pos.min() <= _TOL:
        return [chain]
    a = np.array([p[2] for p in chain])
    b = np.array([p[3] for p in chain])
    apart = np.abs(pos[:, None] - pos[None, :]) > _TOL
    beside = np.minimum(b[:, None], b[None, :]) - np.maximum(a[:, None], a[None, :]) > _TOL
    if not (apart & beside).any():
        return [chain]
    lines: list[list] = []
    last = -np.inf
    for p in sorted(chain, key=lambda p: p[1]):
        if p[1] > last + _FINE:
            lines.append([])
        lines[-1].append(p)
        last = p[1]
    return lines


def _find_tables(pieces: list, n: int) -> list[tuple[tuple[float, float, float, float], list]]:
    """Tables as (bbox, cells), top to bottom; a cell is (x0, top, x1, bottom)."""
    import numpy as np

    from govkit.io import pdf  # read at call time: users set govkit.io.pdf.MAX_*

    edges = _merge(pieces)
    vs = [e for e in edges if e[0] == "v"]
    hs = [e for e in edges if e[0] == "h"]
    if not vs or not hs:
        return []
    v = np.array([e[1:] for e in vs])  # x, top, bottom
    h = np.array([e[1:] for e in hs])  # y, x0, x1
    hit = (
        (v[:, 1, None] <= h[None, :, 0] + _TOL)
        & (v[:, 2, None] >= h[None, :, 0] - _TOL)
        & (v[:, 0, None] >= h[None, :, 1] - _TOL)
        & (v[:, 0, None] <= h[None, :, 2] + _TOL)
    )
    if hit.sum() > pdf.MAX_CROSSINGS:
        raise _too_many_rulings(n, pdf.MAX_CROSSINGS, "MAX_CROSSINGS")
    crossings: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    for i, j in zip(*np.nonzero(hit), strict=True):
        v_ids, h_ids = crossings.setdefault((vs[i][1], hs[j][1]), (set(), set()))
        v_ids.add(int(i))
        h_ids.add(int(j))
    cells = _cells(crossings, n)
    return [(_bbox(group), group) for group in _tables(cells)]


def _cells(crossings: dict, n: int) -> list[tuple[float, float, float, float]]:
    """From each crossing, the smallest rectangle below and right of it whose four sides are
    each one drawn line with crossings at all four corners (pdfplumber's rule). The lines
    through a crossing reach the next crossings down (right) until the first one they miss."""
    from govkit.io import pdf  # read at call time: users set govkit.io.pdf.MAX_*

    keys = sorted(crossings)
    column: dict[float, list[float]] = defaultdict(list)
    row: dict[float, list[float]] = defaultdict(list)
    for x, y in keys:
        column[x].append(y)
    for x, y in sorted(keys, key=lambda k: (k[1], k[0])):
        row[y].append(x)
    work = [_WORK]
    cells = []
    for x, y in keys:
        v_here, h_here = crossings[(x, y)]
        below = _reached(column[x], y, lambda b: v_here & crossings[(x, b)][0])  # noqa: B023
        right = _reached(row[y], x, lambda r: h_here & crossings[(r, y)][1])  # noqa: B023
        cell = _smallest(crossings, x, y, below, right, work)
        if work[0] < 0:
            raise _too_many_rulings(n, pdf.MAX_CROSSINGS, "MAX_CROSSINGS")
        if cell:
            cells.append(cell)
    return cells


def _reached(line: list[float], at: float, joined) -> list[float]:
    out = []
    for p in line[bisect_left(line, at) + 1 :]:
        if not joined(p):
            break
        out.append(p)
    return out


def _smallest(crossings: dict, x: float, y: float, below: list, right: list, work: list):
    for b in below:
        h_below = crossings[(x, b)][1]
        for r in right:
            work[0] -= 1
            corner = crossings.get((r, b))
            if corner and corner[0] & crossings[(r, y)][0] and corner[1] & h_below:
                return (x, y, r, b)
        if work[0] < 0:
            return None
    return None


def _tables(cells: list) -> list[list]:
    """Cells that share a corner, transitively, make one table; tables of one cell are not."""
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            if corner in owner:
                parent[find(i)] = find(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list] = defaultdict(list)
    for i, cell in enumerate(cells):
        groups[find(i)].append(cell)
    tables = [g for g in groups.values() if len(g) > 1]
    return sorted(tables, key=lambda g: min((c[1], c[0]) for c in g))


def _bbox(cells: list) -> tuple[float, float, float, float]:
    return (
        min(c[0] for c in cells),
        min(c[1] for c in cells),
        max(c[2] for c in cells),
        max(c[3] for c in cells),
    )


def _extract(cells: list, chars: list[_Char]) -> tuple[list[list[str | None]], list[float]]:
    """The table's text, row by row, and where each column starts: a row is every cell starting
    at one height, a column every cell start across the table; None where a merged cell covers
    the position. A character belongs to the cell its centre is in."""
    order = sorted(range(len(chars)), key=lambda i: (chars[i].top + chars[i].bottom) / 2)
    ys = [(chars[i].top + chars[i].bottom) / 2 for i in order]
    xs = sorted({c[0] for c in cells})
    by_top: dict[float, dict[float, tuple]] = defaultdict(dict)
    for c in sorted(cells, key=lambda c: (c[1], c[0])):
        by_top[c[1]][c[0]] = c
    grid = []
    for top in sorted(by_top):
        found = by_top[top]
        x0, y0, x1, y1 = _bbox(list(found.values()))
        near = [chars[i] for i in sorted(order[bisect_left(ys, y0) : bisect_left(ys, y1)])]
        row = [(ch, (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2) for ch in near]
        row = [r for r in row if x0 <= r[1] < x1]
        out: list[str | None] = []
        for x in xs:
            cell = found.get(x)
            if cell is None:
                out.append(None)
                continue
            a, b, c, d = cell
            out.append(_cell_text([ch for ch, cx, cy in row if a <= cx < c and b <= cy < d]))
        grid.append(out)
    return grid, xs


def _inside(ch: _Char, box: tuple) -> bool:
    x = (ch.x0 + ch.x1) / 2
    y = (ch.top + ch.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]
