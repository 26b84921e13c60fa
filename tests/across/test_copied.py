"""Copied text: sentences shared with last year's report or another agency's, boilerplate apart."""

from __future__ import annotations

import pandas as pd
import pytest

import govkit
from govkit.across.copied import SENTENCE_COLUMNS, copied_text, normalise, sentences
from tests.conftest import corpus_file


def _frame(rows: list[tuple[str, str, int, str]]) -> pd.DataFrame:
    """Sentence rows (source, agency, year, text) as sentences() makes them."""
    df = pd.DataFrame(rows, columns=["source", "agency", "year", "text"])
    df["section"] = "总体情况"
    df["pos"] = df.groupby("source").cumcount()
    df["key"] = normalise(df["text"])
    return df[SENTENCE_COLUMNS]


OWN = [
    "本机关全年主动公开政府信息一千余条，重点做好财政预决算信息公开。",
    "依申请公开方面严格执行登记、审核、办理、答复、归档等各环节工作。",
    "加强政策解读，综合运用图文图表、在线访谈等形式提升解读质量。",
    "存在的问题主要是信息发布属性界定还不够精确，部分栏目存在信息噪音。",
]


def test_normalise_ignores_figures_numbering_and_punctuation():
    a, b = normalise(pd.Series(["一是2023年共公开信息1,234条。", "（二）2024年 共公开信息 998 条"]))
    assert a == b == "#年共公开信息#条"


def test_last_years_text_with_new_figures_counts_as_copied():
    rows = [("a23", "甲县", 2023, s) for s in OWN]
    rows += [("a24", "甲县", 2024, s.replace("一千", "两千")) for s in OWN[:3]]
    rows += [("a24", "甲县", 2024, "今年新建了政务公开专区并完成标准目录的梳理和上线工作。")]
    c = copied_text(_frame(rows))
    s = c.summary.set_index("source")
    assert s.loc["a23", "share_copied"] == 0  # the earlier year copies from nothing
    assert 0.6 < s.loc["a24", "share_previous_year"] < 0.9
    assert s.loc["a24", "share_other_agency"] == 0
    hit = c.of("a24").iloc[0]
    assert (hit["copied"], hit["match_source"], hit["match_year"]) == ("previous_year", "a23", 2023)


def test_near_duplicate_of_a_neighbour_counts_once_a_word_changed():
    rows = [("a", "甲县", 2024, s) for s in OWN]
    rows += [("b", "乙县", 2024, OWN[0].replace("重点", "着力")), ("b", "乙县", 2024, OWN[1])]
    rows += [("b", "乙县", 2024, "乙县今年在乡镇便民服务中心设立了政府信息公开查阅点。")]
    c = copied_text(_frame(rows))
    b = c.sentences[c.sentences["source"] == "b"]
    assert b["copied"].tolist() == ["other_agency", "other_agency", ""]
    assert set(b["match_agency"].dropna()) == {"甲县"}


def test_an_unrelated_sentence_is_not_matched():
    rows = [("a", "甲县", 2024, OWN[0]), ("b", "乙县", 2024, OWN[3])]
    assert (copied_text(_frame(rows)).sentences["copied"] == "").all()


def test_sentences_many_agencies_share_are_boilerplate_not_copying():
    common = "全面贯彻落实党中央国务院关于全面推进政务公开工作的决策部署和工作要求。"
    rows = [(f"r{i}", f"机关{i}", 2024, common) for i in range(4)]
    rows += [("r0", "机关0", 2024, OWN[0]), ("r1", "机关1", 2024, OWN[2])]
    c = copied_text(_frame(rows))
    assert c.sentences.loc[c.sentences["text"] == common, "boilerplate"].all()
    assert not (c.summary["share_copied"] > 0).any()
    # the same sentence in only two agencies' reports is copying
    assert copied_text(_frame(rows[2:])).summary["share_copied"].max() == 1


def test_template_opening_is_boilerplate_even_in_a_small_batch():
    opening = "本报告根据《中华人民共和国政府信息公开条例》第五十条规定编制，全文包括总体情况等。"
    rows = [("a", "甲县", 2024, opening), ("b", "乙县", 2024, opening)]
    c = copied_text(_frame(rows))
    assert c.sentences["boilerplate"].all()
    assert c.summary["chars"].sum() == 0 and c.summary["share_copied"].isna().all()


def test_unknown_agency_or_year_is_never_compared():
    rows = [("a", "", 2024, OWN[0]), ("b", "乙县", 2024, OWN[0]), ("c", "丙县", -1, OWN[0])]
    assert (copied_text(_frame(rows)).sentences["copied"] == "").all()


def test_pingtan_2020_repeats_sentences_of_2019():
    reports = [govkit.read_report(corpus_file(f"{y}_pingtan.txt")) for y in (2019, 2020, 2021)]
    c = copied_text(reports)
    s = c.summary.set_index("year")
    assert s.loc[2020, "share_previous_year"] > 0.03
    texts = " ".join(c.of(reports[1].meta.source)["text"])
    assert "推进公共资源配置信息公开" in texts
    assert s.loc[2019, "share_copied"] == 0  # no 2018 report in the batch


def test_sentences_cover_sections_one_five_six_only():
    rep = govkit.read_report(corpus_file("2023_pingtan.txt"))
    s = sentences(rep)
    assert set(s["section"]) <= {"总体情况", "存在的主要问题及改进情况", "其他需要报告的事项"}
    assert s["text"].str.contains("政策解读的质量有待提高").any()
    assert not s["text"].str.contains("本年新收").any()  # section 三's table is not narrative


@pytest.mark.parametrize("empty", [[], _frame([])])
def test_no_reports_give_empty_results(empty):
    c = copied_text(empty)
    assert c.sentences.empty and c.summary.empty


def _batch(n: int) -> pd.DataFrame:
    """n agencies of one year that all copy one agency's narrative (OWN), each with a line of its own."""
    rows = [(f"r{i:04d}", f"机关{i}", 2024, s) for i in range(n) for s in OWN]
    rows += [
        (f"r{i:04d}", f"机关{i}", 2024, f"本机关第{i}号专项工作按期完成并通过验收。")
        for i in range(n)
    ]
    return _frame(rows)


def test_read_copied_gives_a_page_its_own_rows_from_a_file_it_need_not_read_whole(tmp_path):
    import pyarrow.parquet as pq

    from govkit.across.copied import read_copied, write_copied

    frame = _batch(1200).sample(frac=1, random_state=0)  # in no particular order of source
    c = copied_text(frame, boilerplate_agencies=10_000)  # nothing counts as boilerplate here
    write_copied(c, tmp_path)
    meta = pq.ParquetFile(tmp_path / "copied_sentences.parquet").metadata
    assert meta.num_row_groups > 1
    groups = [  # the row groups whose statistics admit source r0350
        g
        for g in range(meta.num_row_groups)
        if (st := meta.row_group(g).column(0).statistics).min <= "r0350" <= st.max
    ]
    assert len(groups) <= 2
    for source in ("r0000", "r0350", "r1199"):
        sentences, summary = read_copied(tmp_path, source)
        want = c.sentences[(c.sentences["source"] == source) & (c.sentences["copied"] != "")]
        assert len(sentences) == len(want) > 0
        assert sorted(sentences["text"]) == sorted(want["text"])
        assert summary["source"].tolist() == [source]
    sentences, summary = read_copied(tmp_path, "not-in-batch")
    assert sentences.empty and summary.empty


def test_read_copied_of_a_batch_without_copying(tmp_path):
    from govkit.across.copied import read_copied, write_copied

    rows = [("a", "甲县", 2024, OWN[0]), ("b", "乙县", 2023, OWN[1])]
    write_copied(copied_text(_frame(rows)), tmp_path)
    sentences, summary = read_copied(tmp_path, "a")
    assert sentences.empty and summary["source"].tolist() == ["a"]
