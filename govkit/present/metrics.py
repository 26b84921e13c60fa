"""Derived metrics — the one documented place where govkit turns table cells into rates.

Every number a chart or a summary shows beyond the raw cells is defined here, once, in `METRICS`:
an id, a Chinese name, the formula in Chinese (what chart footnotes print, via `metric_note`), and
the base quantities it divides. Base quantities (`QUANTITIES`) are sums of cells of the 2019/2021
national templates:

* 第三部分（收到和处理政府信息公开申请情况）: always the 总计 column. A group such as 不予公开 is
  the sum of its leaves (1.–8.); 其他处理 is the single 2019 row or the sum of the three 2021 leaves.
  Leaves left blank are skipped; a group whose leaves are all blank is NaN (unknown), not 0.
* 第四部分（行政复议、行政诉讼情况）: 行政复议 is its own block; 行政诉讼 adds the two blocks
  未经复议直接起诉 and 复议后起诉.

Rates are fractions (0.25 = 25%). Small-number guard: each rate row carries its `denominator` and
`small_base = denominator < MIN_BASE`; a rate whose denominator is 0 (or negative, i.e. broken
totals) or unknown is NaN — never inf.

    >>> import govkit
    >>> from govkit.present.metrics import report_metrics, metric_note
    >>> cells, failures = govkit.read_reports("data/")
    >>> m = report_metrics(cells)                 # long: one row per report × metric
    >>> wide_metrics(m)                           # one row per report, one column per metric
    >>> metric_note(["disclosure_rate"])          # the definition, for a chart footnote
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from govkit.present.definitions import (
    METRIC_COLUMNS,
    METRIC_IDS,
    METRICS,
    MIN_BASE,
    QUANTITIES,
    QUANTITY_IDS,
    REPORT_KEYS,
    SMALL_BASE_NOTE,
    Metric,
    Quantity,
    get_metric,
    metric_note,
    metrics_table,
)
from govkit.templates import quantity_map


def as_cells(data) -> pd.DataFrame:
    """Long cells from a Report (stacked with its meta) or a cells DataFrame as is."""
    if isinstance(data, pd.DataFrame):
        return data
    if hasattr(data, "cells") and hasattr(data, "meta"):
        from govkit.report import stack_cells

        return stack_cells(data)
    raise TypeError(f"expected a Report or a cells DataFrame, got {type(data).__name__}")


def report_keys(cells: pd.DataFrame) -> list[str]:
    """The report-identifying columns present in `cells` (agency, year, source)."""
    return [k for k in REPORT_KEYS if k in cells.columns]


def _quantity_ids(cells: pd.DataFrame) -> pd.Series:
    """Quantity id of each cell (NaN for cells no quantity uses), vectorised: the template data
    says which cells add to which quantity (templates.quantity_map, keyed (table, row, col) with
    row "" where the column alone decides)."""
    qmap = {"\x1f".join(k): q for k, q in quantity_map().items()}
    table, col = cells["table"].astype(str) + "\x1f", "\x1f" + cells["col"].astype(str)
    by_row = (table + cells["row"].astype(str) + col).map(qmap)
    return by_row.fillna((table + col).map(qmap))


def report_quantities(data) -> pd.DataFrame:
    """Base quantities (`QUANTITIES`), one row per report, one column per quantity id.

    Indexed by the report keys present (agency, year, source); a single report's cells give one
    row with a plain index.
    """
    cells = as_cells(data)
    keys = report_keys(cells)
    q = _quantity_ids(cells)
    used = cells.loc[q.notna(), [*keys, "value"]].assign(quantity=q[q.notna()])
    used["value"] = pd.to_numeric(used["value"], errors="coerce")
    if keys:
        wide = (
            used.groupby([*keys, "quantity"], dropna=False, sort=False)["value"]
            .sum(min_count=1)
            .unstack("quantity")
        )
        # every report in `cells` gets a row, in order of appearance, even one without such cells
        reports = cells[keys].drop_duplicates()
        order = pd.MultiIndex.from_frame(reports) if len(keys) > 1 else pd.Index(reports[keys[0]])
        wide = wide.reindex(order)
    else:
        wide = used.groupby("quantity")["value"].sum(min_count=1).to_frame().T
        wide = wide.reset_index(drop=True).reindex(range(1))
    wide = wide.reindex(columns=list(QUANTITY_IDS)).astype(float)
    wide.columns.name = None
    return wide


def report_metrics(data) -> pd.DataFrame:
    """Every metric in `METRICS` for every report in `data` (long cells or a Report).

    Long result, one row per report × metric: the report keys present (agency, year, source), then
    metric (id), name (Chinese), kind ('count'|'rate'), value, numerator, denominator, small_base.
    Counts have numerator = value and no denominator. Rates are NaN when the denominator is 0,
    negative or unknown; small_base is True when the denominator is below MIN_BASE.
    """
    return _metrics_of(report_quantities(data))


def pooled_metrics(data, by: str = "year") -> pd.DataFrame:
    """Every metric per group of reports (default: per year), pooled over the reports.

    A pooled rate is Σ numerator ÷ Σ denominator over the reports of the group where both are
    known (so each application weighs the same), not the mean of the reports' rates; the
    small-base guard applies to the pooled denominator. A pooled count is the sum over reports
    where it is known. Long result like `report_metrics`, keyed by `by`, plus `reports`: how many
    reports entered each figure.
    """
    m = report_metrics(data)
    if by not in m.columns:
        raise KeyError(f"{by!r} is not a report key of these cells")
    known = m["numerator"].notna() & (m["denominator"].notna() | m["kind"].eq("count"))
    pooled = (
        m[known]
        .groupby([by, "metric"], dropna=False, sort=False)
        .agg(
            numerator=("numerator", "sum"),
            denominator=("denominator", lambda d: d.sum(min_count=1)),
            reports=("numerator", "size"),
        )
    )
    frame = pd.MultiIndex.from_product(
        [sorted(m[by].dropna().unique()), list(METRIC_IDS)], names=[by, "metric"]
    )
    out = pooled.reindex(frame).reset_index()
    meta = metrics_table().set_index("id")
    out["name"] = out["metric"].map(meta["name"])
    out["kind"] = out["metric"].map(meta["kind"])
    is_rate = out["kind"].eq("rate")
    den = out["denominator"]
    out["value"] = out["numerator"].where(~is_rate, out["numerator"] / den.where(den > 0))
    out["small_base"] = is_rate & (den < MIN_BASE)
    out["reports"] = out["reports"].fillna(0).astype(int)
    return out[[by, *METRIC_COLUMNS, "reports"]]


def _metrics_of(q: pd.DataFrame) -> pd.DataFrame:
    """Long metrics table from base quantities, one row per index entry of `q` × metric (metric
    by metric, in METRICS order); numpy over the quantity matrix, one frame built at the end."""
    keys = [n for n in q.index.names if n is not None]
    values = q.to_numpy(dtype=float)
    n, k = len(q), len(METRICS)
    num = np.column_stack([_signed_sum(values, m.numerator) for m in METRICS])
    none = np.full(n, np.nan)
    den = np.column_stack(
        [_signed_sum(values, m.denominator) if m.denominator else none for m in METRICS]
    )
    rate = np.array([m.kind == "rate" for m in METRICS])
    value = np.where(rate, num / np.where(den > 0, den, np.nan), num)
    small = rate & (den < MIN_BASE)
    long = pd.DataFrame(
        {
            "metric": np.repeat([m.id for m in METRICS], n),
            "name": np.repeat([m.name for m in METRICS], n),
            "kind": np.repeat([m.kind for m in METRICS], n),
            "value": value.ravel(order="F"),  # metric by metric
            "numerator": num.ravel(order="F"),
            "denominator": den.ravel(order="F"),
            "small_base": small.ravel(order="F"),
        }
    )
    if keys:
        index = q.index.to_frame(index=False)
        front = index.iloc[np.tile(np.arange(n), k)].reset_index(drop=True)
        return pd.concat([front, long], axis=1)[[*keys, *METRIC_COLUMNS]]
    return long[METRIC_COLUMNS]


def _signed_sum(values: np.ndarray, terms: tuple[str, ...]) -> np.ndarray:
    """Signed sum of quantity columns ("-id" subtracts); NaN where any term is unknown."""
    cols = [QUANTITY_IDS.index(t.lstrip("-")) for t in terms]
    signs = np.array([-1.0 if t.startswith("-") else 1.0 for t in terms])
    return values[:, cols] @ signs


def wide_metrics(
    metrics: pd.DataFrame, *, values: str = "value", label: str = "id"
) -> pd.DataFrame:
    """Pivot `report_metrics` output to one row per report, one column per metric.

    `values` picks the column to spread (value, denominator, small_base, ...); `label` 'id' or
    'name' picks the column headers. Columns follow the order of `METRICS`.
    """
    keys = [k for k in REPORT_KEYS if k in metrics.columns]
    col = "metric" if label == "id" else "name"
    order = [m.id if label == "id" else m.name for m in METRICS]
    frame = metrics if keys else metrics.assign(_report=0)
    index = keys or ["_report"]
    wide = frame.groupby([*index, col], dropna=False, sort=False)[values].first().unstack(col)
    reports = frame[index].drop_duplicates()
    rows = pd.MultiIndex.from_frame(reports) if len(index) > 1 else pd.Index(reports[index[0]])
    wide = wide.reindex(index=rows, columns=[c for c in order if c in wide.columns])
    wide.columns.name = None
    if not keys:
        wide = wide.reset_index(drop=True)
    return wide


__all__ = [
    "METRICS",
    "METRIC_IDS",
    "MIN_BASE",
    "QUANTITIES",
    "SMALL_BASE_NOTE",
    "Metric",
    "Quantity",
    "get_metric",
    "metric_note",
    "metrics_table",
    "pooled_metrics",
    "report_metrics",
    "report_quantities",
    "wide_metrics",
]
