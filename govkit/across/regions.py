"""A region against its units (本级与所属单位): a region's report beside the sum of its units' reports.

A manifest column `parent` says which agency a unit belongs to (`ReportMeta.parent`). For each
region and year, the region's section 三 and 四 totals are set beside the sum over its units' reports
of that year. This is a comparison, not an identity: a region's report may cover only the 本级
government, and units' requests need not pass through it; the wording says so.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from govkit.present.definitions import QUANTITIES
from govkit.present.metrics import report_quantities
from govkit.read.manifest import read_manifest
from govkit.report import stack_cells

MEASURES = (
    "received",
    "carried_in",
    "closed",
    "carried_over",
    "review_total",
    "litigation_total",
)
CAVEAT = (
    "本表是对比，不是勾稽关系：本级报告可能只统计本级政府机关，所属单位的申请和复议诉讼不一定计入本级报告。"
    "所属单位合计明显大于本级数字时，值得核实本级报告的统计口径。"
)
TOTALS_COLUMNS = [
    "region",
    "year",
    "measure",
    "name",
    "region_value",
    "units_sum",
    "units_read",
    "difference",
]
_NAMES = {q.id: q.name for q in QUANTITIES}


@dataclass(frozen=True)
class UnitsComparison:
    """totals: per region, year and measure; missing: units without a report that year;
    exceeding: units whose own number is larger than their region's."""

    totals: pd.DataFrame
    missing: pd.DataFrame
    exceeding: pd.DataFrame


def compare_units(
    reports: Iterable, *, manifest: str | os.PathLike[str] | pd.DataFrame | None = None
) -> UnitsComparison:
    """Compare each region's report with its units' reports of the same year.

    Units are the reports whose `meta.parent` names the region (as its agency is named). A unit is
    missing in a year when the manifest lists it under the region for that year, or the batch has
    its report of another year, but no report of it was read for that year.
    """
    reports = list(reports)
    keys = pd.DataFrame(
        [(r.meta.source, _name(r.meta.agency), r.meta.year, _name(r.meta.parent)) for r in reports],
        columns=["source", "agency", "year", "parent"],
    )
    keys["year"] = keys["year"].astype("Int64")
    if keys.empty or not (keys["parent"] != "").any():
        return _empty()
    cells = pd.concat([stack_cells(r) for r in reports], ignore_index=True)
    q = report_quantities(cells).reset_index()[["source", *MEASURES]]
    q = keys.merge(q, on="source", how="left").drop_duplicates(["agency", "year"])
    units = q[q["parent"] != ""]
    regions = q[q["agency"].isin(units["parent"])]
    long_units = units.melt(["source", "agency", "year", "parent"], MEASURES, "measure", "value")
    summed = (
        long_units.groupby(["parent", "year", "measure"], sort=False)
        .agg(units_sum=("value", lambda v: v.sum(min_count=1)), units_read=("value", "count"))
        .reset_index()
        .rename(columns={"parent": "region"})
    )
    long_regions = regions.melt(["source", "agency", "year"], MEASURES, "measure", "region_value")
    totals = long_regions.rename(columns={"agency": "region"}).merge(
        summed, on=["region", "year", "measure"], how="outer"
    )
    totals["name"] = totals["measure"].map(_NAMES)
    totals["difference"] = totals["units_sum"] - totals["region_value"]
    totals = totals[TOTALS_COLUMNS]
    exceeding = long_units.merge(
        long_regions.rename(columns={"agency": "parent", "source": "region_source"}),
        on=["parent", "year", "measure"],
    )
    exceeding = exceeding[exceeding["value"] > exceeding["region_value"]]
    exceeding = exceeding.rename(
        columns={"parent": "region", "agency": "unit", "value": "unit_value"}
    )
    exceeding["name"] = exceeding["measure"].map(_NAMES)
    return UnitsComparison(
        totals.sort_values(["region", "year"], kind="stable", ignore_index=True),
        _missing(units, manifest),
        exceeding[
            ["region", "year", "unit", "measure", "name", "unit_value", "region_value"]
        ].reset_index(drop=True),
    )


def _missing(units: pd.DataFrame, manifest) -> pd.DataFrame:
    """Units expected in a year (manifest row, or a report of theirs in another year) but not read."""
    expected = units[["parent", "agency"]].drop_duplicates()
    years = pd.DataFrame({"year": units["year"].dropna().unique()}, dtype="Int64")
    want = expected.merge(years, how="cross")
    listed = pd.DataFrame(
        [
            (_name(m.get("parent")), _name(m.get("agency")), _year(m.get("year")))
            for m in read_manifest(manifest).values()
            if m.get("parent")
        ],
        columns=["parent", "agency", "year"],
    )
    listed = listed.dropna().astype({"year": "Int64"})
    want = pd.concat([want, listed], ignore_index=True).drop_duplicates()
    have = units[["parent", "agency", "year"]]
    out = want.merge(have, how="left", indicator=True)
    out = out[out["_merge"] == "left_only"].drop(columns="_merge")
    out = out.rename(columns={"parent": "region", "agency": "unit"})
    return out.astype({"year": "int64"}).sort_values(["region", "year", "unit"], ignore_index=True)


def _name(text: object) -> str:
    return "".join(str(text).split()) if text not in (None, "") else ""


def _year(value: object) -> float | None:
    try:
        return float(str(value).removesuffix("年"))
    except ValueError:
        return None


def _empty() -> UnitsComparison:
    return UnitsComparison(
        pd.DataFrame(columns=TOTALS_COLUMNS),
        pd.DataFrame(columns=["region", "year", "unit"]),
        pd.DataFrame(
            columns=["region", "year", "unit", "measure", "name", "unit_value", "region_value"]
        ),
    )
