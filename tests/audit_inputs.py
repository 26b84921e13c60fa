"""Audit inputs the readers do not make (yet) from files: built as cells frames or report text.

- `collapsed(report, group)`: a group printed as one row, per CONTRACTS.md (leaf cells NaN, raw "",
  status `collapsed`, source_ref of the group row; the printed group row as extra cells whose row
  is the group's path). The grid helper produces such frames from real layouts.
- `without_table(report, table)`: every cell of one table `missing`, as a report without it reads.
- `PEER_TEXT`: the leading peer's (KIROGOVCOMPARE) consistency fixture as a 2021-template report.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from govkit.report import Report


def with_cells(report: Report, cells: pd.DataFrame, text: str | None = None) -> Report:
    return Report(
        report.meta,
        cells.reset_index(drop=True),
        report.notes,
        report.text if text is None else text,
    )


def collapsed(report: Report, group: str, ref: str = "table 2 row 24", **override: float) -> Report:
    """`report` with section 三's `group` printed as one row holding its sub-rows' sums.

    `override` replaces a column of the group row (e.g. 总计=5) to make it disagree.
    """
    cells = report.cells.copy()
    leaf = (cells["table"] == "requests") & cells["row"].str.startswith(group + "/")
    assert leaf.any(), group
    sums = cells[leaf].groupby("col", sort=False)["value"].sum()
    sums.update(pd.Series(override, dtype=float))
    cells.loc[leaf, ["value", "raw", "status", "source_ref"]] = [np.nan, "", "collapsed", ref]
    row = pd.DataFrame(
        {
            "table": "requests",
            "row": group,
            "col": sums.index,
            "value": sums.to_numpy(),
            "raw": [f"{v:.0f}" for v in sums],
            "unit": "",
            "status": "ok",
            "source_ref": [f"{ref} col {i + 2}" for i in range(len(sums))],
        }
    )
    at = int(np.flatnonzero(leaf.to_numpy())[0])
    out = pd.concat([cells.iloc[:at], row, cells.iloc[at:]], ignore_index=True)
    return with_cells(report, out.astype(report.cells.dtypes.to_dict()))


def without_table(report: Report, table: str, text: str | None = None) -> Report:
    """`report` as read when it prints no `table` at all: its cells `missing`, raw "", NaN."""
    cells = report.cells.copy()
    sel = cells["table"] == table
    cells.loc[sel, ["value", "raw", "status", "source_ref"]] = [np.nan, "", "missing", ""]
    return with_cells(report, cells, text)


# ------------------------------------------------------------------ the peer's fixture
# Published values (issue 17): 自然人 办理结果合计 95 vs （七）总计 93; 未经复议直接起诉 总计 6 vs results
# 5; the 总计 column's 办理结果 sum to 158 vs printed 160; 新收 170, 上年结转 15 (总计 column); text
# says 行政诉讼 7 = 6 + 1. Everything else is reconstructed (ours, chosen to hold every other
# identity): the other applicant columns, the split of each result row, 结转下年度 (25 = 170 + 15 -
# 160), section 二, 行政复议 (5), 复议后起诉 (1) and the prose.
#
# The published values cannot hold alone: the 自然人 column's results exceed its printed total by 2
# while the 总计 column's fall short by 2. With every row total right, the 总计 column's results are
# the sum of the applicant columns' results, so the two gaps would have to be equal; a difference
# of 4 must show in one more identity. We put it where a printed 总计 cell is most plausibly
# wrong: the （一）予以公开 row prints 总计 68 while its six cells sum to 72 (a row_total finding).

COLS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
PEER_REQUESTS: tuple[tuple[str, tuple[int, ...], int | None], ...] = (
    ("一、本年新收政府信息公开申请数量", (95, 42, 12, 6, 9, 6), None),
    ("二、上年结转政府信息公开申请数量", (8, 3, 1, 1, 1, 1), None),
    ("三、本年度办理结果 （一）予以公开", (40, 20, 5, 2, 3, 2), 68),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", (10, 5, 2, 1, 1, 1), None),
    ("（三）不予公开 1.属于国家秘密", (1, 0, 0, 0, 0, 0), None),
    ("2.其他法律行政法规禁止公开", (0, 0, 0, 0, 0, 0), None),
    ("3.危及“三安全一稳定”", (1, 0, 0, 0, 0, 0), None),
    ("4.保护第三方合法权益", (2, 1, 0, 0, 0, 0), None),
    ("5.属于三类内部事务信息", (3, 1, 0, 0, 1, 0), None),
    ("6.属于四类过程性信息", (2, 1, 0, 0, 0, 0), None),
    ("7.属于行政执法案卷", (1, 0, 0, 0, 0, 0), None),
    ("8.属于行政查询事项", (0, 0, 0, 0, 0, 0), None),
    ("（四）无法提供 1.本机关不掌握相关政府信息", (15, 6, 1, 1, 1, 1), None),
    ("2.没有现成信息需要另行制作", (3, 1, 0, 0, 0, 0), None),
    ("3.补正后申请内容仍不明确", (2, 0, 0, 0, 0, 0), None),
    ("（五）不予处理 1.信访举报投诉类申请", (4, 1, 0, 0, 1, 0), None),
    ("2.重复申请", (3, 1, 1, 0, 0, 0), None),
    ("3.要求提供公开出版物", (1, 0, 0, 0, 0, 0), None),
    ("4.无正当理由大量反复申请", (2, 0, 0, 0, 0, 0), None),
    ("5.要求行政机关确认或重新出具已获取信息", (1, 0, 0, 0, 0, 0), None),
    (
        "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        (2, 1, 1, 1, 0, 0),
        None,
    ),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", (0,) * 6, None),
    ("3.其他", (2, 2, 0, 0, 0, 1), None),
    ("（七）总计", (93, 40, 10, 5, 7, 5), None),
    ("四、结转下年度继续办理", (10, 5, 3, 2, 3, 2), None),
)
# 行政复议 | 未经复议直接起诉 | 复议后起诉, each 结果维持 结果纠正 其他结果 尚未审结 总计
PEER_REVIEW = (3, 1, 0, 1, 5, 3, 1, 1, 0, 6, 1, 0, 0, 0, 1)


def _md_row(cells: list[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _peer_text() -> str:
    req = [_md_row(["申请人情况", *COLS]), "|" + "---|" * 8]
    req += [_md_row([label, *v, sum(v) if t is None else t]) for label, v, t in PEER_REQUESTS]
    results = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    review = [
        _md_row(["行政复议"] * 5 + ["行政诉讼"] * 10),
        "|" + "---|" * 15,
        _md_row(["行政复议"] * 5 + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5),
        _md_row(list(results) * 3),
        _md_row(list(PEER_REVIEW)),
    ]
    active = """第二十条第（一）项

| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
|---|---|---|---|
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 12 | 3 | 85 |

第二十条第（五）项

| 信息内容 | 本年处理决定数量 |
|---|---|
| 行政许可 | 1520 |

第二十条第（六）项

| 信息内容 | 本年处理决定数量 |
|---|---|
| 行政处罚 | 310 |
| 行政强制 | 12 |

第二十条第（八）项

| 信息内容 | 本年收费金额（单位：万元） |
|---|---|
| 行政事业性收费 | 0 |
"""
    nl = "\n"
    return f"""示范市人民政府2023年政府信息公开工作年度报告

本报告根据《中华人民共和国政府信息公开条例》编制，统计期限自2023年1月1日起至2023年12月31日止。

一、总体情况

2023年，本机关共收到政府信息公开申请170件，上年结转15件；办结160件，结转下年度继续办理25件。全年发生政府信息公开行政复议5件，行政诉讼7件（未经复议直接起诉6件，复议后起诉1件）。

二、主动公开政府信息情况

{active}
三、收到和处理政府信息公开申请情况

{nl.join(req)}

四、政府信息公开行政复议、行政诉讼情况

{nl.join(review)}

五、存在的主要问题及改进情况

一是政策解读形式较为单一，二是依申请公开答复质量有待提高。下一步将丰富解读形式，加强答复审核。

六、其他需要报告的事项

本年度未收取信息处理费。
"""


PEER_TEXT = _peer_text()
