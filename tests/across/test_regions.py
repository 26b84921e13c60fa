"""A region against its units: totals side by side, missing units, units above their region."""

from __future__ import annotations

import pandas as pd

import govkit
from govkit.across.regions import CAVEAT, compare_units
from tests.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
REGION = "天津市宁河区人民政府"


def _report(agency: str, year: int = 2020, parent: str | None = None, text: str = SEED_TEXT):
    meta = {"agency": agency, "year": year} | ({"parent": parent} if parent else {})
    return govkit.parse_report(text, source=f"{agency}-{year}.txt", meta=meta)


def _received(rep) -> float:
    return rep.cells.query(
        "table == 'requests' and row == '本年新收政府信息公开申请数量' and col == '总计'"
    )["value"].item()


def test_region_totals_beside_the_sum_of_its_units():
    region = _report(REGION)
    units = [_report("造甲城镇人民政府", parent=REGION), _report("七里海镇人民政府", parent=REGION)]
    c = compare_units([region, *units])
    row = c.totals.query("measure == 'received'").iloc[0]
    assert row["region"] == REGION and row["year"] == 2020 and row["name"] == "本年新收"
    assert row["region_value"] == _received(region)
    assert row["units_sum"] == 2 * _received(units[0]) and row["units_read"] == 2
    assert set(c.totals["measure"]) >= {"received", "closed", "review_total", "litigation_total"}


def test_units_above_their_region_are_named():
    region = _report(REGION)
    row = "\t一、本年新收政府信息公开申请数量\n\t\xa01\n" + "\t0\xa0\n" * 5 + "\t1\n"
    assert row in SEED_TEXT
    bigger = SEED_TEXT.replace(row, row.replace("\xa01\n", "\xa09\n").replace("\t1\n", "\t9\n"))
    unit = _report("造甲城镇人民政府", parent=REGION, text=bigger)
    assert _received(unit) > _received(region)
    c = compare_units([region, unit])
    assert ("造甲城镇人民政府", "received") in set(
        zip(c.exceeding["unit"], c.exceeding["measure"], strict=True)
    )


def test_a_unit_seen_in_another_year_or_listed_in_the_manifest_is_missing(tmp_path):
    reports = [
        _report(REGION, 2020),
        _report(REGION, 2021),
        _report("造甲城镇人民政府", 2020, REGION),
        _report("造甲城镇人民政府", 2021, REGION),
        _report("七里海镇人民政府", 2020, REGION),  # no 2021 report in the batch
    ]
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        f"path,agency,year,parent\nx.pdf,东棘坨镇人民政府,2021,{REGION}\n", encoding="utf-8"
    )
    c = compare_units(reports, manifest=manifest)
    missing = set(zip(c.missing["year"], c.missing["unit"], strict=True))
    assert missing == {(2021, "七里海镇人民政府"), (2021, "东棘坨镇人民政府")}


def test_no_parent_column_means_nothing_to_compare():
    c = compare_units([_report(REGION), _report("造甲城镇人民政府")])
    assert c.totals.empty and c.missing.empty and c.exceeding.empty


def test_the_caveat_says_it_is_a_comparison_not_an_identity():
    assert "不是勾稽关系" in CAVEAT
    assert isinstance(compare_units([]).totals, pd.DataFrame)
