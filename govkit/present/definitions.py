"""What each quantity and metric is: the cells it sums, the formula people read, small bases. The one place they are defined."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
