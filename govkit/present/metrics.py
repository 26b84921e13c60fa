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

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_BASE = 10
"""A rate whose denominator is below this is flagged `small_base`: with fewer than 10 cases one
application or one case moves the rate by more than 10 percentage points, so it says little."""

REPORT_KEYS = ("agency", "year", "source")
"""Columns that identify a report in long cells (as made by `govkit.read_reports`)."""


@dataclass(frozen=True)
class Quantity:
    """A base count summed from template cells."""

    id: str
    name: str  # Chinese, as used in formulas
    where: str  # Chinese: which cells


QUANTITIES: tuple[Quantity, ...] = (
    Quantity("received", "本年新收", "第三部分“一、本年新收政府信息公开申请数量”行·总计列"),
    Quantity("carried_in", "上年结转", "第三部分“二、上年结转政府信息公开申请数量”行·总计列"),
    Quantity("disclosed", "予以公开", "第三部分“（一）予以公开”行·总计列"),
    Quantity("partly", "部分公开", "第三部分“（二）部分公开”行·总计列"),
    Quantity("withheld", "不予公开", "第三部分“（三）不予公开”1–8 项之和·总计列"),
    Quantity("unavailable", "无法提供", "第三部分“（四）无法提供”1–3 项之和·总计列"),
    Quantity("not_processed", "不予处理", "第三部分“（五）不予处理”1–5 项之和·总计列"),
    Quantity("other", "其他处理", "第三部分“（六）其他处理”（2021 年版为 1–3 项之和）·总计列"),
    Quantity("closed", "办结数", "第三部分“（七）总计”行·总计列"),
    Quantity("carried_over", "结转下年度", "第三部分“四、结转下年度继续办理”行·总计列"),
    Quantity("review_upheld", "行政复议结果维持", "第四部分 行政复议/结果维持"),
    Quantity("review_corrected", "行政复议结果纠正", "第四部分 行政复议/结果纠正"),
    Quantity("review_other", "行政复议其他结果", "第四部分 行政复议/其他结果"),
    Quantity("review_pending", "行政复议尚未审结", "第四部分 行政复议/尚未审结"),
    Quantity("review_total", "行政复议总计", "第四部分 行政复议/总计"),
    Quantity("litigation_upheld", "行政诉讼结果维持", "第四部分 两类行政诉讼 结果维持之和"),
    Quantity("litigation_corrected", "行政诉讼结果纠正", "第四部分 两类行政诉讼 结果纠正之和"),
    Quantity("litigation_other", "行政诉讼其他结果", "第四部分 两类行政诉讼 其他结果之和"),
    Quantity("litigation_pending", "行政诉讼尚未审结", "第四部分 两类行政诉讼 尚未审结之和"),
    Quantity("litigation_total", "行政诉讼总计", "第四部分 两类行政诉讼 总计之和"),
)
QUANTITY_IDS = tuple(q.id for q in QUANTITIES)

# first part of a 第三部分 row label ("不予公开/属于国家秘密" -> "不予公开") -> quantity id
_REQUEST_GROUPS = {
    "本年新收政府信息公开申请数量": "received",
    "上年结转政府信息公开申请数量": "carried_in",
    "予以公开": "disclosed",
    "部分公开": "partly",
    "不予公开": "withheld",
    "无法提供": "unavailable",
    "不予处理": "not_processed",
    "其他处理": "other",
    "总计": "closed",
    "结转下年度继续办理": "carried_over",
}
_REVIEW_BLOCKS = {"行政复议": "review", "行政诉讼": "litigation"}
_REVIEW_RESULTS = {
    "结果维持": "upheld",
    "结果纠正": "corrected",
    "其他结果": "other",
    "尚未审结": "pending",
    "总计": "total",
}


@dataclass(frozen=True)
class Metric:
    """One derived metric. `numerator`/`denominator` are quantity ids that are added up; an id
    written "-id" is subtracted. A metric without a denominator is a count."""

    id: str
    name: str  # Chinese
    formula: str  # Chinese, printed in chart footnotes
    numerator: tuple[str, ...]
    denominator: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return "rate" if self.denominator else "count"


METRICS: tuple[Metric, ...] = (
    # counts
    Metric(
        "received",
        "收到申请数",
        "收到申请数 = 第三部分“一、本年新收政府信息公开申请数量”行的总计列",
        ("received",),
    ),
    Metric(
        "carried_in",
        "上年结转数",
        "上年结转数 = 第三部分“二、上年结转政府信息公开申请数量”行的总计列",
        ("carried_in",),
    ),
    Metric(
        "closed",
        "办结数",
        "办结数 = 第三部分“（七）总计”行的总计列",
        ("closed",),
    ),
    Metric(
        "carried_over",
        "结转下年度数",
        "结转下年度数 = 第三部分“四、结转下年度继续办理”行的总计列",
        ("carried_over",),
    ),
    Metric(
        "review_cases",
        "行政复议数",
        "行政复议数 = 第四部分 行政复议“总计”",
        ("review_total",),
    ),
    Metric(
        "litigation_cases",
        "行政诉讼数",
        "行政诉讼数 = 第四部分 未经复议直接起诉“总计” + 复议后起诉“总计”",
        ("litigation_total",),
    ),
    # rates
    Metric(
        "disclosure_rate",
        "实质公开率",
        "实质公开率 =（予以公开 + 部分公开）÷ 办结数（均取总计列）",
        ("disclosed", "partly"),
        ("closed",),
    ),
    Metric(
        "withheld_share",
        "不予公开占比",
        "不予公开占比 = 不予公开 1–8 项之和 ÷ 办结数",
        ("withheld",),
        ("closed",),
    ),
    Metric(
        "unavailable_share",
        "无法提供占比",
        "无法提供占比 = 无法提供 1–3 项之和 ÷ 办结数",
        ("unavailable",),
        ("closed",),
    ),
    Metric(
        "not_processed_share",
        "不予处理占比",
        "不予处理占比 = 不予处理 1–5 项之和 ÷ 办结数",
        ("not_processed",),
        ("closed",),
    ),
    Metric(
        "other_share",
        "其他处理占比",
        "其他处理占比 = 其他处理（2021 年版为 1–3 项之和）÷ 办结数",
        ("other",),
        ("closed",),
    ),
    Metric(
        "carryover_rate",
        "结转率",
        "结转率 = 结转下年度继续办理 ÷（本年新收 + 上年结转）",
        ("carried_over",),
        ("received", "carried_in"),
    ),
    Metric(
        "review_correction_rate",
        "行政复议纠错率",
        "行政复议纠错率 = 行政复议“结果纠正” ÷（行政复议“总计” − “尚未审结”），即已审结复议中被纠正的比例",
        ("review_corrected",),
        ("review_total", "-review_pending"),
    ),
    Metric(
        "litigation_correction_rate",
        "行政诉讼纠错率",
        "行政诉讼纠错率 = 两类行政诉讼（未经复议直接起诉、复议后起诉）“结果纠正”之和 ÷（“总计”之和 − “尚未审结”之和）",
        ("litigation_corrected",),
        ("litigation_total", "-litigation_pending"),
    ),
)
METRIC_IDS = tuple(m.id for m in METRICS)
_BY_KEY = {m.id: m for m in METRICS} | {m.name: m for m in METRICS}

SMALL_BASE_NOTE = (
    f"比率的分母小于 {MIN_BASE} 时为“小基数”（样本过小），比率仅供参考、不参与排序；"
    "分母为 0 或缺失时不计算比率（记为空）。"
)

METRIC_COLUMNS = ["metric", "name", "kind", "value", "numerator", "denominator", "small_base"]


def get_metric(key: str) -> Metric:
    """A metric by id ("disclosure_rate") or Chinese name ("实质公开率")."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown metric {key!r}; known: {', '.join(METRIC_IDS)}") from None


def metrics_table() -> pd.DataFrame:
    """`METRICS` as a DataFrame (id, name, kind, formula, numerator, denominator) — the codebook."""
    return pd.DataFrame(
        [
            {
                "id": m.id,
                "name": m.name,
                "kind": m.kind,
                "formula": m.formula,
                "numerator": " + ".join(m.numerator),
                "denominator": " + ".join(m.denominator).replace("+ -", "- "),
            }
            for m in METRICS
        ]
    )


def metric_note(ids: str | Iterable[str] | None = None, *, sep: str = "\n") -> str:
    """The definitions of some metrics (ids or Chinese names; None = all) as text for a footnote.

    When a rate is among them, the small-base rule is appended.
    """
    keys = METRIC_IDS if ids is None else [ids] if isinstance(ids, str) else list(ids)
    chosen = list(dict.fromkeys(get_metric(k) for k in keys))
    lines = [m.formula for m in chosen]
    if any(m.kind == "rate" for m in chosen):
        lines.append(SMALL_BASE_NOTE)
    return sep.join(lines)


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
    """Quantity id of each cell (NaN for cells no quantity uses), vectorised."""
    table, row, col = cells["table"], cells["row"].astype(str), cells["col"].astype(str)
    group = row.str.split("/", n=1).str[0]
    req = group.map(_REQUEST_GROUPS).where((table == "requests") & (col == "总计"))
    parts = col.str.split("/")
    block = parts.str[0].map(_REVIEW_BLOCKS)
    result = parts.str[-1].map(_REVIEW_RESULTS)
    rl = (block + "_" + result).where(table == "review_litigation")
    return req.fillna(rl)


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


def _combine(q: pd.DataFrame, terms: tuple[str, ...]) -> pd.Series:
    """Signed sum of quantity columns; NaN if any term is unknown."""
    signed = [-q[t[1:]] if t.startswith("-") else q[t] for t in terms]
    return pd.concat(signed, axis=1).sum(axis=1, min_count=len(terms), skipna=False)


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
    """Long metrics table from base quantities, one row per index entry of `q` × metric."""
    keys = [n for n in q.index.names if n is not None]
    out = []
    for m in METRICS:  # a dozen metrics, each vectorised over all reports
        num = _combine(q, m.numerator)
        if m.kind == "count":
            den = pd.Series(np.nan, index=q.index)
            value = num
            small = pd.Series(False, index=q.index)
        else:
            den = _combine(q, m.denominator)
            value = num / den.where(den > 0)
            small = den < MIN_BASE
        out.append(
            pd.DataFrame(
                {
                    "metric": m.id,
                    "name": m.name,
                    "kind": m.kind,
                    "value": value.astype(float),
                    "numerator": num.astype(float),
                    "denominator": den.astype(float),
                    "small_base": small.astype(bool),
                },
                index=q.index,
            )
        )
    long = pd.concat(out)
    if keys:
        return long.reset_index()[[*keys, *METRIC_COLUMNS]].reset_index(drop=True)
    return long.reset_index(drop=True)[METRIC_COLUMNS]


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
