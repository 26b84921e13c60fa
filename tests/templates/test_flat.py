"""Crawler text (cells run together): white space is a cell boundary, a split needs something to
check it, and the report's own sentences may decide an ambiguous split (issue 11 class 6, issue 16
§1). Variants are made from the real Pingtan reports, whose page.html keeps the cell boundaries
the text loses: every value inferred from the text must equal the HTML's.
"""

from __future__ import annotations

import itertools
import math
import re

import pytest
from conftest import corpus_file
from hypothesis import given, settings
from hypothesis import strategies as st

import govkit
from govkit.templates import get_template
from govkit.templates.segment import layouts
from govkit.templates.values import resolve

DOCS = "第二十条第（一）项/行政规范性文件"
RULES = "第二十条第（一）项/规章"
_PIECE = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")


def _text(year: int) -> str:
    return corpus_file(f"{year}_pingtan.txt").read_text(encoding="utf-8")


def _truth(year: int):
    rep = govkit.read_report(corpus_file(f"{year}_pingtan.page.html"))
    return rep.cells.set_index(["table", "row", "col"])["value"]


def _row(rep: govkit.Report, row: str, table: str = "active"):
    c = rep.cells
    return c[(c["table"] == table) & (c["row"] == row)]


def _values(sub) -> list:
    return [None if math.isnan(v) else v for v in sub["value"]]


# ------------------------------------------------------------------ white space is a boundary


@pytest.mark.parametrize(
    "printed",
    ["12 0", " 12 0", "0 12", "5 30", "30 5", "12  0", "100 7", "7\u3000100"],
)
def test_fewer_pieces_than_cells_without_a_sum_stay_ambiguous(printed):
    """规章 '12 0' (a blank cell, common): never 1 | 2 | 0; the printed run is kept as raw."""
    rep = govkit.parse_report(_text(2023).replace("规章000", "规章" + printed, 1))
    sub = _row(rep, RULES)
    assert sub["value"].isna().all() and set(sub["status"]) == {"ambiguous"}, sub
    assert set(sub["raw"]) == {" ".join(printed.split())}
    notes = rep.notes[rep.notes["row"] == RULES]
    assert len(notes) == 1 and "无法唯一对应" in notes["message"].iloc[0]


@pytest.mark.parametrize(
    ("printed", "want", "status"),
    [
        ("1 2 0", [1, 2, 0], "ok"),  # as many pieces as cells
        (" 0 0 12", [0, 0, 12], "ok"),
        ("007", [0, 0, 7], "segmented"),  # no number has a leading zero: the one reading
        ("0 07", [0, 0, 7], "segmented"),
        ("000", [0, 0, 0], "segmented"),
    ],
)
def test_runs_with_one_reading_are_read(printed, want, status):
    rep = govkit.parse_report(_text(2023).replace("规章000", "规章" + printed, 1))
    sub = _row(rep, RULES)
    assert _values(sub) == want and set(sub["status"]) == {status}


@pytest.mark.parametrize(
    ("chunks", "n", "groups"),
    [
        ("12 0", 3, ()),  # 12||0, |12|0, 12|0|, 1|2|0
        ("200", 3, ()),  # 200 in a no-sum row is not 2 | 0 | 0
        (
            "05201 020156",
            7,
            get_template("2021").col_groups["requests"],
        ),  # a sum fits only if the pieces were joined
    ],
)
def test_pieces_are_never_joined_and_unchecked_splits_never_taken(chunks, n, groups):
    cells, _ = resolve([(chunks, "ref")], n, groups, may_segment=True)
    assert {c["status"] for c in cells} == {"ambiguous"}
    assert all(math.isnan(c["value"]) for c in cells)


@pytest.mark.parametrize(
    "printed",
    [
        "0 0 0 0 0 11",  # 自然人 blank: 0|0|0|0|0|1|1 adds up, and is wrong
        "11 0 0 0 0 11",  # one of the five 0 columns blank
        "31 0 0 0 0 31",
        "0 0 0 0 0 0",
        "3 1 0 0 0 4",
    ],
)
def test_space_separated_row_with_a_blank_cell_is_never_split_to_fit_the_sum(printed):
    """Six whole numbers apart for seven cells: a blank cell, not a number cut in two."""
    text = _text(2023).replace(
        "1.本机关不掌握相关政府信息310000031", "1.本机关不掌握相关政府信息" + printed, 1
    )
    sub = _row(govkit.parse_report(text), "无法提供/本机关不掌握相关政府信息", "requests")
    assert sub["value"].isna().all() and set(sub["status"]) == {"ambiguous"}, sub
    assert set(sub["raw"]) == {printed}


@pytest.mark.parametrize("blank", [0, 4, 9, 14])
def test_section_four_printed_apart_with_a_blank_cell_stays_ambiguous(blank):
    cells = ["1", "1", "0", "0", "2", "4", "0", "0", "1", "5", "1", "0", "1", "0", "2"]
    printed = " ".join(c for i, c in enumerate(cells) if i != blank)
    text = _text(2023).replace("审结总计110024001510102", "审结总计" + printed, 1)
    sub = _row(govkit.parse_report(text), "数量", "review_litigation")
    assert sub["value"].isna().all() and set(sub["status"]) == {"ambiguous"}


def test_glued_crawler_rows_still_split_by_their_sums():
    """'230 000023' (2019): '000023' is no number as printed, so the run is cut, and the sum
    picks 23|0 | 0|0|0|0|23; a blank cell cannot explain a piece with leading zeros."""
    rep = govkit.read_report(corpus_file("2019_pingtan.txt"))
    sub = _row(rep, "本年新收政府信息公开申请数量", "requests")
    assert _values(sub) == [23, 0, 0, 0, 0, 0, 23] and set(sub["status"]) == {"segmented"}


def test_a_row_label_with_no_values_is_a_blank_row_not_a_missing_one():
    """Crawler text prints a blank row as its label followed by the next label."""
    rep = govkit.parse_report(_text(2023).replace("行政规范性文件77132470", "行政规范性文件", 1))
    sub = _row(rep, DOCS)
    assert sub["value"].isna().all() and set(sub["raw"]) == {""} and set(sub["status"]) == {"ok"}
    findings = rep.audit()
    missing = findings[findings["rule"] == "structure.missing_rows"]
    assert DOCS not in set(missing["row"])


# 不予公开/5.属于三类内部事务信息 in 2023 prints "0000000"
INTERNAL = "5.属于三类内部事务信息0000000"


@pytest.mark.parametrize(
    ("printed", "want", "status"),
    [
        ("1 0 暂无 0 0 0 1", [1, 0, "暂无", 0, 0, 0, 1], "ok"),
        ("暂无 0 0 0 0 0 0", ["暂无", 0, 0, 0, 0, 0, 0], "ok"),
        ("1 0 0 0 0 无 1", [1, 0, 0, 0, 0, "无", 1], "ok"),
        ("1 / / / / / 1", [1, "/", "/", "/", "/", "/", 1], "ok"),
        ("1 — — — — — 1", [1, "—", "—", "—", "—", "—", 1], "ok"),
        ("00增加0000", [0, 0, "增加", 0, 0, 0, 0], "segmented"),  # zeros: one reading
        ("1 0 二十 0 0 0 1", [1, 0, "二十", 0, 0, 0, 1], "ok"),
        ("1 增 0 0 0 0 1", [1, "增", 0, 0, 0, 0, 1], "ok"),
    ],
)
def test_text_in_a_value_cell_is_one_cell(printed, want, status):
    """暂无 / 增加 / a placeholder printed in a crawler row: one text cell, the rest still read."""
    text = _text(2023).replace(INTERNAL, "5.属于三类内部事务信息" + printed, 1)
    sub = _row(govkit.parse_report(text), "不予公开/属于三类内部事务信息", "requests")
    got = [
        r if isinstance(w, str) else v
        for v, r, w in zip(sub["value"], sub["raw"], want, strict=True)
    ]
    assert got == want and set(sub["status"]) == {status}
    assert sub[[isinstance(w, str) for w in want]]["value"].isna().all()


@pytest.mark.parametrize(
    ("label", "printed"),
    [("其他对外管理服务事项", " 二十 "), ("行政事业性收费", " 增\n"), ("行政许可", "暂无")],
)
def test_text_alone_in_a_no_sum_row_is_kept_not_read_blank(label, printed):
    """2020 (2019 template) with one cell of a row printed as text and the others blank (增 and a
    numeral only standing apart: glued to the next header they cannot be told from it)."""
    text = _text(2020)
    m = re.search(label + r"[\d-]+", text)
    assert m
    rep = govkit.parse_report(text.replace(m.group(), label + printed, 1))
    sub = rep.cells[rep.cells["row"].str.endswith("/" + label)]
    assert set(sub["raw"]) == {printed.strip()} and sub["value"].isna().all()


def test_numbering_and_headers_between_rows_are_not_values():
    """第二十条第（八）项…本年增/减 after a blank row, 这一情形 in a label: not text cells."""
    text = _text(2020)
    m = re.search(r"行政强制[\d-]+", text)
    rep = govkit.parse_report(text.replace(m.group(), "行政强制", 1))
    sub = rep.cells[rep.cells["row"].str.endswith("/行政强制")]
    assert set(sub["raw"]) == {""} and set(sub["status"]) == {"ok"}
    part = _row(govkit.read_report(corpus_file("2025_pingtan.txt")), "部分公开", "requests")
    assert _values(part) == [38, 0, 0, 0, 0, 0, 38]


def test_text_in_a_value_cell_never_lets_digits_be_split_by_a_sum():
    """With a text cell the row's sum cannot be checked: '10暂无0010' stays ambiguous."""
    text = _text(2023).replace(INTERNAL, "5.属于三类内部事务信息10暂无0010", 1)
    sub = _row(govkit.parse_report(text), "不予公开/属于三类内部事务信息", "requests")
    assert set(sub["status"]) == {"ambiguous"} and set(sub["raw"]) == {"10暂无0010"}


def _brute_layouts(chunks: list[str], n: int) -> list[list[str]]:
    """Every reading by enumeration: each chunk cut into numbers, blank cells anywhere."""
    per = []
    for chunk in chunks:
        ways = []
        for k in range(1, len(chunk) + 1):
            for cuts in itertools.combinations(range(1, len(chunk)), k - 1):
                parts = [chunk[a:b] for a, b in zip((0, *cuts), (*cuts, len(chunk)), strict=True)]
                if all(_PIECE.fullmatch(p) for p in parts):
                    ways.append(parts)
        per.append(ways)
    out = []
    for combo in itertools.product(*per):
        nums = [p for part in combo for p in part]
        for at in itertools.combinations(range(n), len(nums)):
            cells = [""] * n
            for i, p in zip(at, nums, strict=True):
                cells[i] = p
            out.append(cells)
    return out


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.lists(
        st.sampled_from(["0", "00", "7", "12", "007", "012", "105", "-3", "2.5", "0.5"]),
        min_size=1,
        max_size=3,
    ),
    st.integers(1, 4),
)
def test_layouts_same_as_brute_force(chunks, n):
    want = _brute_layouts(chunks, n)
    got = layouts(chunks, n, 10_000)
    assert sorted(got) == sorted(want)
    one = layouts(chunks, n, 1)
    assert one == (want if len(want) == 1 else (None if want else []))


# ------------------------------------------------------------------ prose decides a split

_ANCHOR = "推动现行有效政策集中公开、动态更新、精准查询，及时清理失效、废止文件。"


def _with_sentence(sentence: str, run: str | None = None) -> govkit.Report:
    text = _text(2025).replace(_ANCHOR, _ANCHOR + sentence, 1)
    if run is not None:
        text = text.replace("行政规范性文件5845546", "行政规范性文件" + run, 1)
    return govkit.parse_report(text)


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度制发行政规范性文件58件，现行有效行政规范性文件546件。",
        "全年制发规范性文件58件、废止45件。",
        "动态更新本年度制发的规范性文件58件；集中公开现行有效行政规范性文件546件。",
        "本年制定行政规范性文件共计58件，宣布失效45件。",
        "截至年底，现行有效的规范性文件共546件，本年印发规范性文件数量为58件。",
        "废止规范性文件45件，现行有效规范性文件546件。",
    ],
)
def test_sentences_decide_the_split_and_agree_with_the_html(sentence):
    rep = _with_sentence(sentence)
    sub = _row(rep, DOCS)
    assert _values(sub) == [58, 45, 546] and set(sub["status"]) == {"inferred"}
    assert all("正文" in ref for ref in sub["source_ref"])
    note = rep.notes[(rep.notes["row"] == DOCS) & rep.notes["message"].str.contains("正文")]
    assert len(note) == 1 and "inferred" in note["message_en"].iloc[0]
    truth = _truth(2025)
    inferred = rep.cells[rep.cells["status"] == "inferred"].set_index(["table", "row", "col"])
    assert (inferred["value"] == truth.loc[inferred.index]).all()


@pytest.mark.parametrize(
    ("run", "sentence", "want"),
    [
        # the example: 8855698 with 88 制发 and 698 现行有效
        (
            "8855698",
            "动态更新本年度制发的规范性文件88件，集中公开现行有效行政规范性文件698件。",
            [88, 55, 698],
        ),
        ("1203310", "本年制发规范性文件12件，废止0件。", [12, 0, 3310]),
        (
            "9 0 97",
            "本年制发规范性文件9件。",
            [9, 0, 97],
        ),  # as many pieces as cells: no prose needed
        ("12 0", "本年制发规范性文件12件，现行有效规范性文件0件。", [12, None, 0]),  # blank 废止
        ("3 1415", "现行有效规范性文件1415件，本年制发3件。", [3, None, 1415]),
    ],
)
def test_sentences_decide_other_numbers_and_blank_cells(run, sentence, want):
    sub = _row(_with_sentence(sentence, run), DOCS)
    assert _values(sub) == want
    assert set(sub["status"]) <= {"inferred", "ok"}


@pytest.mark.parametrize(
    "sentence",
    [
        "",  # no sentence: stays ambiguous
        "本年制定规范性文件58件。",  # one cell known, the rest still splits several ways
        "现行有效规范性文件共计546件，较上年增加45件。",  # a change, not the 废止 count
        "本年度制发的规范性文件中，有58件涉及民生，废止45件。",  # a part of the row's count
        "制发党内规范性文件58件，现行有效党内规范性文件546件。",  # another kind of document
        "2024年制发规范性文件58件，现行有效546件。",  # another year
        "累计制发规范性文件58件，现行有效546件。",  # a running total
        "制发规范性文件59件，现行有效规范性文件546件。",  # disagrees with every split
        "制发规范性文件58件，现行有效规范性文件546件。另据统计，本年制发规范性文件60件。",  # conflict
        "制发规章58件，现行有效规章546件。",  # another row's numbers
        "制发和废止规范性文件共58件，现行有效规范性文件546件。",  # two columns at once
    ],
)
def test_no_or_unusable_evidence_leaves_the_row_ambiguous(sentence):
    sub = _row(_with_sentence(sentence), DOCS)
    assert sub["value"].isna().all() and set(sub["status"]) == {"ambiguous"}


def test_the_corpus_2023_prose_disagrees_with_its_table_so_nothing_is_inferred():
    """2023 says 现行有效393件 while the table prints 470 (HTML): 77 alone leaves five splits."""
    rep = govkit.read_report(corpus_file("2023_pingtan.txt"))
    assert set(_row(rep, DOCS)["status"]) == {"ambiguous"}


@pytest.mark.parametrize("year", [2023, 2025])
def test_every_inferred_cell_of_the_crawler_text_equals_the_html(year):
    rep = govkit.read_report(corpus_file(f"{year}_pingtan.txt"))
    truth = _truth(year)
    inferred = rep.cells[rep.cells["status"] == "inferred"].set_index(["table", "row", "col"])
    assert len(inferred) > 0
    assert (inferred["value"] == truth.loc[inferred.index]).all()
    read = rep.cells[rep.cells["value"].notna()].set_index(["table", "row", "col"])
    assert (read["value"] == truth.loc[read.index]).all()  # and no other read cell differs


def test_prose_evidence_in_text_with_spaces():
    """Crawler text that keeps a space between some cells: pieces are never re-joined."""
    sub = _row(
        _with_sentence("本年度制发规范性文件88件，现行有效规范性文件698件。", "88 55698"), DOCS
    )
    assert _values(sub) == [88, 55, 698] and set(sub["status"]) == {"inferred"}


def test_prose_decides_section_four_only_through_its_totals():
    """2023's 四 run is decided by its sums; the narrative (复议2件, 诉讼7件) agrees and changes nothing."""
    rep = govkit.read_report(corpus_file("2023_pingtan.txt"))
    sub = _row(rep, "数量", "review_litigation")
    assert set(sub["status"]) == {"segmented"}


def test_prose_decides_section_three_rows_the_identities_cannot():
    """2023 with its （七）总计 row unreadable ('80 1 0 0 0 81': a blank somewhere): the identities
    cannot pick 予以公开 22|0… over 2|20… nor 部分公开 19|1… over 1|9|10…; sentences naming the
    applicant columns can, and the result is the HTML's."""
    text = _text(2023).replace("（七）总计801000081", "（七）总计80 1 0 0 0 81", 1)
    said = "其中：予以公开及部分公开42件，占51.85%；"
    assert said in text
    plain = govkit.parse_report(text)
    told = govkit.parse_report(
        text.replace(said, said + "予以公开22件，其中自然人22件；部分公开20件，其中商业企业1件；")
    )
    truth = _truth(2023)
    for row in ("予以公开", "部分公开"):
        assert set(_row(plain, row, "requests")["status"]) == {"ambiguous"}
        sub = _row(told, row, "requests").set_index("col")
        assert set(sub["status"]) == {"inferred"} and sub["source_ref"].str.contains("正文").all()
        assert all(sub.loc[c, "value"] == truth[("requests", row, c)] for c in sub.index)


# every sentence-stated cell found in the corpus, checked against cells read where the source keeps
# cell boundaries (page.html, markdown, PDF) or hand-checked in test_corpus_cells (2021 text)
FACT_SOURCES = [
    ("2021_pingtan.txt", "2021_pingtan.txt"),
    ("2023_pingtan.txt", "2023_pingtan.page.html"),
    ("2025_pingtan.txt", "2025_pingtan.page.html"),
    ("2024_huaian_shizhengfu.pdf", "2024_huaian_shizhengfu.pdf"),
    ("2024_shanghai_kewei.md", "2024_shanghai_kewei.md"),
    ("2025_shanghai_bangongting.md", "2025_shanghai_bangongting.md"),
]
# what the report's prose says against its own table (not a matching error)
PROSE_DISAGREES = {("2023_pingtan.txt", "第二十条第（一）项/行政规范性文件", "现行有效件数")}


@pytest.mark.parametrize(("name", "truth_name"), FACT_SOURCES)
def test_every_sentence_fact_in_the_corpus_names_the_right_cells(name, truth_name):
    from govkit.io import load
    from govkit.templates.evidence import find_facts, report_year

    doc = load(corpus_file(name))
    rep = govkit.read_report(corpus_file(truth_name))
    truth = rep.cells.set_index(["table", "row", "col"])["value"]
    tables = ("active", "requests", "review_litigation")
    facts = find_facts(doc.normalized, rep.meta.template, report_year(doc.squeezed), (0, 0), tables)
    assert facts
    for f in facts:
        if len(f.cells) == 1 and (name, *f.cells[0]) in PROSE_DISAGREES:
            continue
        assert sum(truth.loc[(f.table, r, c)] for r, c in f.cells) == f.value, f


HEADING_TYPOS = [
    (
        "四、政府信息公开行政复议、行政诉讼情况",
        "四、政府信息公开行政法复议、行政诉讼情况",
    ),  # a stray 法
    ("四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政复议、行政诉讼情"),  # 况 lost
    ("四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政复议、行政讼诉情况"),  # swapped
    ("三、收到和处理政府信息公开申请情况", "三、收到与处理政府信息公开申请情况"),
    ("三、收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申情况"),
    ("二、主动公开政府信息情况", "二、主动公开政府信息况"),
    ("五、存在的主要问题及改进情况", "五、存在的主要问题及改进情"),  # ends section 四
]


@pytest.mark.parametrize("year", [2021, 2023, 2025])
@pytest.mark.parametrize(("heading", "typo"), HEADING_TYPOS)
def test_a_heading_with_a_typo_still_opens_its_section(year, heading, typo):
    text = _text(year)
    assert heading in text
    want = govkit.parse_report(text).cells
    rep = govkit.parse_report(text.replace(heading, typo, 1))
    got = rep.cells
    assert got["status"].tolist() == want["status"].tolist()
    assert got["value"].fillna(-1).tolist() == want["value"].fillna(-1).tolist()
    notes = rep.notes[rep.notes["message_en"].str.contains("differs from the template's")]
    assert len(notes) == 1 and typo.split("、")[1] in notes["message"].iloc[0]


@pytest.mark.parametrize(
    "sentence",
    [
        "未办结的申请结转至2025年6件。",  # 未办结 is not 办结 (the （七）总计 row)
        "尚未办结的申请6件。",
        "没有按期答复完毕的申请6件。",
        "未经复议直接起诉的行政诉讼3件。",  # one 行政诉讼 block, not the sum of both
        "复议后起诉的行政诉讼3件。",
    ],
)
def test_a_negated_or_narrowed_word_is_no_evidence(sentence):
    """A sentence must never claim the opposite row or a sum its words do not state."""
    from govkit.templates.evidence import find_facts

    text = "某局2024年政府信息公开工作年度报告\n" + sentence
    assert find_facts(text, "2021", 2024, (0, 0), ("requests", "review_litigation")) == []


def test_plain_words_still_are_evidence():
    from govkit.templates.evidence import find_facts

    text = "某局2024年政府信息公开工作年度报告\n本年办结申请40件，发生行政诉讼5件。"
    facts = find_facts(text, "2021", 2024, (0, 0), ("requests", "review_litigation"))
    assert {(f.table, f.value) for f in facts} == {("requests", 40.0), ("review_litigation", 5.0)}


# ------------------------------------------------ combined layouts run together (wave 6 hunt)

THIRD = "4.保护第三方合法权益1000001"  # 2023: 不予公开/保护第三方合法权益 1|0|0|0|0|0|1
CONFIRM = "5.要求行政机关确认或重新出具已获取信息0000000"


@pytest.mark.parametrize("printed", ["－1200012", "-1200012", "无1000001", "无130251333"])
def test_a_placeholder_glued_to_the_digits_is_never_read_as_a_number(printed):
    """'－1200012' is a dash for zero then 1|2|0|0|0|1|2… or a negative -1: never -1 at a guess;
    '无1000001' was read 1|0|0|0|0|0|1, the 无 dropped as the label's tail and 自然人 read 1."""
    text = _text(2023).replace(THIRD, "4.保护第三方合法权益" + printed, 1)
    sub = _row(govkit.parse_report(text), "不予公开/保护第三方合法权益", "requests")
    assert sub["value"].isna().all() and set(sub["status"]) == {"ambiguous"}, sub
    assert set(sub["raw"]) == {printed.replace("－", "-")}


@pytest.mark.parametrize("cut", ["5.要求行政机关确认或", "5.要求行政机关"])
@pytest.mark.parametrize("printed", ["2000002", "2 0 0 0 0 0 2", "—200002"])
def test_values_beside_the_first_part_of_a_cut_label_are_its_values(cut, printed):
    """'5.要求行政机关确认或 | 2 | 0 … ' then '重新出具已获取信息' on the next printed row: the
    numbers stand before the words the row is found by, and were read as a blank row."""
    rest = "要求行政机关确认或重新出具已获取信息".removeprefix(cut[2:])
    text = _text(2023).replace(CONFIRM, cut + printed + " " + rest, 1)
    sub = _row(
        govkit.parse_report(text), "不予处理/要求行政机关确认或重新出具已获取信息", "requests"
    )
    if printed.startswith("—"):  # 2|0|0|0|0|2 or 20|0|0|0|0|2 … beside the dash: not decided
        assert set(sub["status"]) == {"ambiguous"} and set(sub["raw"]) == {printed}, sub
    else:
        assert _values(sub) == [2, 0, 0, 0, 0, 0, 2], sub


def test_numbers_before_a_label_that_is_not_the_rows_own_name_are_not_taken():
    """An unlisted row ('小计 2000002') before a blank row: its numbers are not the row's."""
    text = _text(2023).replace(CONFIRM, "小计2000002 5.要求行政机关确认或重新出具已获取信息", 1)
    sub = _row(
        govkit.parse_report(text), "不予处理/要求行政机关确认或重新出具已获取信息", "requests"
    )
    assert set(sub["raw"]) == {""}


def test_a_blank_row_never_takes_the_numbers_after_the_next_groups_name():
    """'…已获取信息 (六)其他处理1000001 1.申请人…': the blank row's label tail ran on over the next
    group's name, and took the numbers printed beside it (a collapsed group) as its own."""
    old = CONFIRM + "（六）其他处理1."
    assert old in _text(2023)
    text = _text(2023).replace(old, CONFIRM[:-7] + "（六）其他处理1000001 1.", 1)
    sub = _row(
        govkit.parse_report(text), "不予处理/要求行政机关确认或重新出具已获取信息", "requests"
    )
    assert set(sub["raw"]) == {""} and sub["value"].isna().all(), sub


def _withheld(text: str) -> tuple[str, list[str]]:
    """2023's （三）不予公开 sub-rows as printed ('1.属于国家秘密0000000', …) and where they start."""
    i, j = text.index("（三）不予公开") + len("（三）不予公开"), text.index("（四）无法提供")
    return text[i:j], re.findall(r"\d\.\D+\d+?(?=\d\.\D|$)", text[i:j])


def test_sub_rows_printed_in_another_order_are_all_read():
    """Crawler text of a group printed 8. … 1.: labels were searched in the template's order only,
    so after 1.属于国家秘密 (printed last) the seven others were called missing (rule 2)."""
    text = _text(2023)
    block, rows = _withheld(text)
    assert len(rows) == 8 and "".join(rows) == block
    rep = govkit.parse_report(text.replace(block, "".join(reversed(rows)), 1))
    truth = govkit.parse_report(text).cells.set_index(["table", "row", "col"])["value"]
    got = rep.cells.set_index(["table", "row", "col"])["value"]
    assert got.equals(truth)
    findings = rep.audit()
    assert findings[findings["rule"] == "structure.missing_rows"].empty


@pytest.mark.parametrize("typo", ["2.其他法律行政止公开", "2.其他法律行政法规禁上公开"])
def test_a_misprinted_label_with_values_is_unread_not_missing(typo):
    """'2.其他法律行政止公开0000000': the label is not recognised, but a row is printed there;
    the report does not lack it. Unread (ambiguous, noted), never structure.missing_rows; the row
    above still reads its own numbers (the '2.' is the next row's numbering)."""
    old = "2.其他法律行政法规禁止公开0000000"
    rep = govkit.parse_report(_text(2023).replace(old, typo + "0000000", 1))
    sub = _row(rep, "不予公开/其他法律行政法规禁止公开", "requests")
    assert set(sub["status"]) == {"ambiguous"} and sub["value"].isna().all()
    assert _values(_row(rep, "不予公开/属于国家秘密", "requests")) == [0] * 7
    notes = rep.notes[rep.notes["row"] == "不予公开/其他法律行政法规禁止公开"]
    assert notes["message"].str.contains(typo[2:], regex=False).any()
    findings = rep.audit()
    assert "不予公开/其他法律行政法规禁止公开" not in set(
        findings[findings["rule"] == "structure.missing_rows"]["row"]
    )


def test_a_group_printed_as_one_row_is_read_as_its_total():
    """'(六)其他处理2000002' with no sub-rows (the 2019 layout, in 2021 crawler text): the group's
    total is read and its sub-rows are collapsed, as the grid reads it, not called missing."""
    text = _text(2023)
    i, j = text.index("（六）其他处理"), text.index("（七）总计")
    rep = govkit.parse_report(text[:i] + "（六）其他处理2000002" + text[j:])
    assert _values(_row(rep, "其他处理", "requests")) == [2, 0, 0, 0, 0, 0, 2]
    leaves = rep.cells[rep.cells["row"].str.startswith("其他处理/")]
    assert len(leaves) and set(leaves["status"]) == {"collapsed"}
    rules = set(rep.audit()["rule"])
    assert "structure.collapsed_group" in rules and "structure.missing_rows" not in rules
