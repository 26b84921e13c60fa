"""Sentences of a report that state a table cell's value: evidence for splitting a run of digits.

Crawler text prints 行政规范性文件`8855698`; the narrative says "本年度制发的规范性文件88件" and
"现行有效行政规范性文件698件". Each such statement is a Fact: the cells it names (one cell, or
several whose sum it gives, e.g. 予以公开及部分公开42件) and the number. A fact is taken only when
the words right before the number name its row and column by meaning (制发/废止/现行有效;
收到/办结/结转 …); a clause that only inherits one of them from the clause before must name the
other itself. Numbers about another year, a comparison (同比, 较上年, 增加 …), a running total
(累计), a part (含, 包括) or a negation (未办结) are left out, and two sentences giving one cell different numbers
cancel each other. The matcher uses facts only to choose among the splits the template allows.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from govkit.limits import check_time
from govkit.templates import get_template

_ENDS = "。；;！!？?\n"
_END = re.compile(f"[{_ENDS}]")
_SENTENCE_MAX = 300  # a longer sentence is read from its last 300 characters
# a count: "88件", "36起"; not "88件次", not "5500余件", not part of a decimal or a longer number
# words allowed between the word naming the cell and its number: 制发的规范性文件共计88件
_GLUE = re.compile(r"(?:的|了|共|共计|合计|总计|计|为|达|达到|数|数量|件数|总数|案件|\s)*")
_SKIP = re.compile(
    r"同比|环比|较|比上|比去|去年|上一年|上年同期|以来|历年|累计|增长|下降|增加|减少|新增|"
    r"含|包括|包含|约|近|拟|计划|预计|平均|占|"
    r"未|没有|"  # a negated verb (未办结, 没有答复) names the opposite of its row
    r"直接起诉|复议后起诉"  # one of the two 行政诉讼 blocks: "行政诉讼" below names both
)
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_NEXT_YEAR = re.compile(r"结转(?:至|到)\s*((?:19|20)\d\d)\s*年")  # 结转至2026年6件: by name
_CLAUSE = re.compile(r"[，,：:（(]")
# the title's year: 某局2024年度政府信息公开工作年度报告, 2024年某局政府信息公开工作年度报告
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)年度?[^\d。]{0,30}?信息公开(?:工作)?年度?报告")


def report_year(squeezed: str) -> int | None:
    """The year the report's title names (first title in the head), to tell this year's numbers."""
    m = _TITLE_YEAR.search(squeezed, 0, 4000)
    return int(m.group(1)) if m else None


@dataclass(frozen=True)
class Fact:
    """A sentence's statement that the sum of `cells` ((row, col) of one table) is `value`."""

    table: str
    cells: tuple[tuple[str, str], ...]
    value: float
    ref: str  # "line 10, char 4342"
    quote: str  # the words that state it, e.g. …制发的规范性文件88件


@dataclass(frozen=True)
class _Word:
    pattern: str
    rows: tuple[str, ...] = ()  # rows it names (prefix match on the template's row names)
    col: str = ""  # column it names ("" none)


def _vocab(version: str) -> dict[str, tuple[str, tuple[_Word, ...]]]:
    """table -> (the noun a sentence about it must name, words naming rows and columns)."""
    docs = "规范性文件" if version == "2019" else "行政规范性文件"
    made, cut, live = (
        ("本年新制作数量", "", "")
        if version == "2019"
        else ("本年制发件数", "本年废止件数", "现行有效件数")
    )
    active = [
        _Word(
            r"(?<!党内)(?<!党的)(?:行政)?规范性文件(?!库|类|解读|目录|汇编|备案)",
            (f"第二十条第（一）项/{docs}",),
        ),
        _Word(r"(?<!党内)规章(?!制度|库|类)", ("第二十条第（一）项/规章",)),
        _Word(r"制发|制定|出台|印发", col=made),
        _Word(r"废止|宣布失效", col=cut),
        _Word(r"现行有效", col=live),
    ]
    requests = [
        _Word(r"(?:新收|收到|接收|接到)(?!.*结转)", ("本年新收",)),
        _Word(r"上年(?:度)?结转|结转上年", ("上年结转",)),
        _Word(r"结转(?:至|到)?下一?年|结转(?:至|到)(?:\d{4}年)", ("结转下年度",)),
        _Word(r"办结|办理完毕|答复完毕", ("总计",)),
        _Word(r"(?<!不)予以公开", ("予以公开",)),
        _Word(r"部分公开", ("部分公开",)),
        _Word(r"不予公开", ("不予公开/",)),
        _Word(r"无法提供", ("无法提供/",)),
        _Word(r"不予处理", ("不予处理/",)),
        _Word(r"其他处理", ("其他处理",)),
        *(
            _Word(c, col=c)
            for c in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构")
        ),
    ]
    review = [
        _Word(r"行政复议", ("行政复议/",)),
        _Word(r"行政诉讼", ("行政诉讼/",)),
    ]
    return {
        "active": (r"规范性文件|规章", tuple(w for w in active if w.rows or w.col)),
        "requests": (
            r"申请(?:公开)?|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理",
            tuple(requests),
        ),
        "review_litigation": (r"复议|诉讼", tuple(review)),
    }


def find_facts(
    text: str, version: str, year: int | None, skip: tuple[int, int], tables: Iterable[str]
) -> list[Fact]:
    """Facts about `tables` of template `version` stated in `text` outside `skip` (the tables)."""
    tables = tuple(sorted(set(tables)))
    vocab = [v for v in _compiled(version) if v[0] in tables]
    near = _near(version, tables)
    line_starts: list[int] | None = None
    found: dict[tuple[str, tuple[tuple[str, str], ...]], list[Fact]] = {}
    threads: dict[str, tuple[tuple[str, ...], str, int]] = {}  # table -> rows, col, end of last
    sent_at = -1
    for k, m in enumerate(_counts(text, skip)):
        if k % 512 == 0:
            check_time("正文")
        if not near.search(text, max(0, m.start() - 32), m.start()):
            continue  # only a number right after a word naming a row or column can be evidence
        if m.start() > sent_at:  # a new sentence: no thread carries over
            lo = max(0, m.start() - _SENTENCE_MAX)
            start = max(text.rfind(d, lo, m.start()) for d in _ENDS) + 1 or lo
            stop = _END.search(text, m.end())
            sent_at = stop.start() if stop else len(text)
            sentence = text[start:sent_at]
            threads = {t: ((), "", start) for t, noun, _ in vocab if noun.search(sentence)}
        for table, _noun, words in vocab:
            if table not in threads:
                continue
            rows, col, prev = threads[table]
            pre = text[prev : m.start()]
            got = _name(pre, text[start : m.start()], _noun, words, year)
            if got is None:  # a clause about something else breaks the thread
                threads[table] = ((), "", m.end())
                continue
            own_rows, own_col = got
            if own_rows or own_col:
                rows, col = own_rows or rows, own_col or col
            threads[table] = (rows, col, m.end())
            cells = _cells(version, table, rows, col) if own_rows or own_col else ()
            if not cells:
                continue
            if line_starts is None:
                line_starts = [0] + [x.end() for x in re.finditer("\n", text)]
            fact = Fact(
                table,
                cells,
                float(m.group(1)),
                _ref(line_starts, m.start()),
                _quote(pre, m.group()),
            )
            found.setdefault((table, cells), []).append(fact)
    # two sentences giving one cell different numbers: neither is evidence
    return [fs[0] for fs in found.values() if len({f.value for f in fs}) == 1]


class _Count(NamedTuple):
    """A number and its unit in the text ("88件"), shaped like the re.Match the loop reads."""

    begin: int
    stop: int
    digits: str
    text: str

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.stop

    def group(self, k: int = 0) -> str:
        return self.digits if k == 1 else self.text


def _counts(text: str, skip: tuple[int, int]) -> list[_Count]:
    """ "88件"-like counts outside `skip`, in text order: found from the unit (str.find is five
    times faster than a regex scan), then the digits read back (not "88件次", not part of 1.5)."""
    found: list[_Count] = []
    for unit in _UNITS:
        u = text.find(unit)
        while u >= 0:
            j = u
            while j and text[j - 1] in " \t":
                j -= 1
            if j and text[j - 1] in _DIGITS and text[u + 1 : u + 2] != "次":
                i = j - 1
                while i and text[i - 1] in _DIGITS:
                    i -= 1
                if j - i <= 7 and not (i and text[i - 1] == ".") and not skip[0] <= i < skip[1]:
                    found.append(_Count(i, u + 1, text[i:j], text[i : u + 1]))
            u = text.find(unit, u + 1)
    found.sort()
    return found


_UNITS = "件份个起宗"
_DIGITS = frozenset("0123456789")


@cache
def _near(version: str, tables: tuple[str, ...]) -> re.Pattern[str]:
    """Any word of the tables' vocabulary, look-arounds dropped: a quick test that a number may
    be named at all (a superset of what _name accepts)."""
    vocab = _vocab(version)
    words = (p for t in tables for p in (vocab[t][0], *(w.pattern for w in vocab[t][1])))
    return re.compile("|".join(_LOOK.sub("", p) for p in words))


_LOOK = re.compile(r"\(\?<?[!=][^()]*\)")


@cache
def _compiled(version: str):
    return [
        (table, re.compile(noun), [(re.compile(w.pattern), w) for w in words])
        for table, (noun, words) in _vocab(version).items()
    ]


def _name(
    pre: str, before: str, noun: re.Pattern[str], words, year: int | None
) -> tuple[tuple[str, ...], str] | None:
    """(rows, col) the clause before a number names; None when the number must not be used.

    `pre` is the text since the previous number, `before` the sentence up to this number.
    """
    clause = _CLAUSE.split(pre)[-1]
    if _SKIP.search(clause):
        return None
    # a year named must be the report's (结转至 the next one); unknown report year: none named
    if year is None and _YEAR.search(before):
        return None
    if any(int(y) != year + 1 for y in _NEXT_YEAR.findall(before)):
        return None
    if any(int(y) != year for y in _YEAR.findall(_NEXT_YEAR.sub("", before))):
        return None
    rows: list[str] = []
    col = ""
    last = max((m.end() for m in noun.finditer(clause)), default=-1)
    for pat, w in words:
        for m in pat.finditer(clause):
            last = max(last, m.end())
            if w.rows:
                rows.extend(r for r in w.rows if r not in rows)
            elif col and col != w.col:
                return None  # two columns named at once (制发和废止…): not one cell
            else:
                col = w.col
    if last < 0:
        return (), ""
    if not _GLUE.fullmatch(clause, last):
        return None  # the number belongs to something named after the row (…文件中，有12件)
    return tuple(rows), col


@cache
def _cells(
    version: str, table: str, rows: tuple[str, ...], col: str
) -> tuple[tuple[str, str], ...]:
    """The template cells a (rows, col) naming covers; () when it names no whole cell."""
    tpl = get_template(version)
    if not rows:
        return ()
    out: list[tuple[str, str]] = []
    if table == "review_litigation":  # one row; the words name blocks, the count is their 总计
        row = tpl.rows[table][0].row
        return tuple(
            (row, c)
            for c in tpl.columns(table, row)
            if c.endswith("/总计") and any(c.startswith(r) for r in rows)
        )
    for spec in tpl.rows[table]:
        if not any(spec.row == r or spec.row.startswith(r) for r in rows):
            continue
        pick = col or "总计"
        if pick not in tpl.columns(table, spec.row):
            return ()
        out.append((spec.row, pick))
    return tuple(out)


def _ref(line_starts: list[int], pos: int) -> str:
    line = bisect.bisect_right(line_starts, pos)
    return f"line {line}, char {pos - line_starts[line - 1] + 1}"


def _quote(pre: str, number: str) -> str:
    return f"…{pre[-16:].strip()}{number}…"
