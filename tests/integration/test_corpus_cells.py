"""Cell-by-cell expectations for the seed and the shared corpus, worked out by reading each source.

Every number below was read off the source file by hand, never copied from parser output:
- web-copied text (the seed): one cell per tab-indented line;
- crawler text (pingtan): cells run together; each section-三 row was split by hand with the rule
  that the six applicant columns add up to 总计 (no leading zeros); where two splits fit, the
  column identities (一+二 = 七+四, 七 = sum of results) decide and the cells are 'inferred';
- markdown from PDF (shanghai): bare number rows placed by template order between labelled rows.
Section-二 runs with no template sum to split them are 'ambiguous' (value NaN, raw = printed run).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache

import pytest
from conftest import SEED, corpus_file

import govkit

# ------------------------------------------------------------------ template vocabulary

COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
RL_COLS = [
    f"{block}/{res}"
    for block in ("行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉")
    for res in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
]
_HEAD = ["本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "予以公开", "部分公开"]
_MID = [
    "不予公开/属于国家秘密",
    "不予公开/其他法律行政法规禁止公开",
    "不予公开/危及“三安全一稳定”",
    "不予公开/保护第三方合法权益",
    "不予公开/属于三类内部事务信息",
    "不予公开/属于四类过程性信息",
    "不予公开/属于行政执法案卷",
    "不予公开/属于行政查询事项",
    "无法提供/本机关不掌握相关政府信息",
    "无法提供/没有现成信息需要另行制作",
    "无法提供/补正后申请内容仍不明确",
    "不予处理/信访举报投诉类申请",
    "不予处理/重复申请",
    "不予处理/要求提供公开出版物",
    "不予处理/无正当理由大量反复申请",
    "不予处理/要求行政机关确认或重新出具已获取信息",
]
_TAIL = ["总计", "结转下年度继续办理"]
ROWS19 = [*_HEAD, *_MID, "其他处理", *_TAIL]
ROWS21 = [
    *_HEAD,
    *_MID,
    "其他处理/申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "其他处理/申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "其他处理/其他",
    *_TAIL,
]
A1_19 = ("本年新制作数量", "本年新公开数量", "对外公开总数量")
A1_21 = ("本年制发件数", "本年废止件数", "现行有效件数")
A56_19 = ("上一年项目数量", "本年增/减", "处理决定数量")
A8_19 = ("上一年项目数量", "本年增/减")
A9_19 = ("采购项目数量", "采购总金额")
DECISIONS = ("本年处理决定数量",)
FEES = ("本年收费金额",)

Z = [0] * 7


def one(n: int) -> list[int]:
    """Only 自然人 applied: n | 0 | 0 | 0 | 0 | 0 | n."""
    return [n, 0, 0, 0, 0, 0, n]


# ------------------------------------------------------------------ cell markers


@dataclass(frozen=True)
class Amb:
    """Undecidable run: every cell of the row NaN, status 'ambiguous', raw = the printed run."""

    raw: str | None = None  # None: only require the raw to keep these digits (see Amb.digits)
    digits: tuple[str, ...] = ()


@dataclass(frozen=True)
class Text:
    """A non-numeric cell kept as printed: value NaN, raw = the text."""

    raw: str


BLANK = Text("")  # a printed but empty cell


def active19(gz, gf, xk, qt, cf, qz, sf, cg) -> dict:
    return {
        "第二十条第（一）项/规章": (A1_19, gz),
        "第二十条第（一）项/规范性文件": (A1_19, gf),
        "第二十条第（五）项/行政许可": (A56_19, xk),
        "第二十条第（五）项/其他对外管理服务事项": (A56_19, qt),
        "第二十条第（六）项/行政处罚": (A56_19, cf),
        "第二十条第（六）项/行政强制": (A56_19, qz),
        "第二十条第（八）项/行政事业性收费": (A8_19, sf),
        "第二十条第（九）项/政府集中采购": (A9_19, cg),
    }


def active21(gz, gf, xk, cf, qz, sf) -> dict:
    return {
        "第二十条第（一）项/规章": (A1_21, gz),
        "第二十条第（一）项/行政规范性文件": (A1_21, gf),
        "第二十条第（五）项/行政许可": (DECISIONS, xk),
        "第二十条第（六）项/行政处罚": (DECISIONS, cf),
        "第二十条第（六）项/行政强制": (DECISIONS, qz),
        "第二十条第（八）项/行政事业性收费": (FEES, sf),
    }


@dataclass
class Spec:
    file: str
    agency: str
    year: int
    template: str
    format: str
    requests: list[list]  # in template row order
    review: list[float]
    active: dict
    # status of every requests cell unless listed in status_rows (row -> status)
    status: str = "ok"
    status_rows: dict[str, str] = field(default_factory=dict)

    @property
    def rows(self) -> list[str]:
        return ROWS19 if self.template == "2019" else ROWS21


# ------------------------------------------------------------------ expectations (hand-read)

# Requests rows are listed one template section per line: 一, 二 | 予以公开, 部分公开 |
# 不予公开 1-8 | 无法提供 1-3 | 不予处理 1-5 | 其他处理 (1 row in 2019, 3 in 2021) | 总计 | 结转.
# fmt: off
SPECS = [
    # Seed: web-copied text, one cell per line.
    Spec(
        "2020_ninghe_zaojiachengzhen.txt", "宁河区造甲城镇人民政府", 2020, "2019", "text",
        requests=[
            one(1), [0, None, 0, 0, 0, 0, 0],  # 上年结转/商业企业 is a bare nbsp
            Z, Z,
            Z, Z, Z, Z, one(1), Z, Z, Z,  # 5.属于三类内部事务信息 1 … 1
            Z, Z, Z,
            Z, Z, Z, Z, Z,
            Z,
            [1, 0, 0, 0, 0, 0, 0],  # （七）总计: 总计 cell printed 0 though 自然人 is 1
            Z,
        ],
        review=[0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0],
        active=active19(
            gz=[0, 0, 0], gf=[0, 0, 0], xk=[0, 0, 0], qt=[0, 0, 0],
            cf=[11, Text("增"), 20], qz=[1, 0, 0], sf=[0, 0], cg=[5, 757000],
        ),
    ),
    # 2019 pingtan: crawler text, 2019 template; section 二 runs have no sums to split by.
    Spec(
        "2019_pingtan.txt", "平潭综合实验区", 2019, "2019", "crawler-text",
        requests=[
            one(23), Z,  # '230 000023', '0000000'
            one(7), one(1),  # '7000007', '1000001'
            Z, Z, Z, Z, Z, Z, Z, Z,
            one(7), Z, one(5),  # '7000007', '0000000', '5000005'
            Z, one(3), Z, Z, Z,  # 2.重复申请 '3000003'
            Z,  # '0 0 0 0 0 00'
            one(23),  # '23 0 00 0 023'
            Z,  # ' 0 0 00 00 0 '
        ],
        review=[0] * 15,
        active=active19(
            gz=[0, 0, 0],  # '000'
            gf=Amb("898989"), xk=Amb("3960181"), qt=Amb("100153"), cf=Amb("26480430"),
            qz=Amb("126025"), sf=Amb("350"), cg=Amb("13575394432.52元"),
        ),
        status="segmented",
    ),
    # 2020 pingtan: section 三 internally inconsistent as printed (总计 20|…|1|21 vs results 26/27).
    Spec(
        "2020_pingtan.txt", "平潭综合实验区", 2020, "2019", "crawler-text",
        requests=[
            [20, 0, 0, 0, 0, 1, 21], Z,  # '200 000121'
            [6, 0, 0, 0, 0, 1, 7], one(6),  # '6000017', '6000006'
            Z, Z, Z, Z, Z, Z, Z, Z,
            one(4), Z, one(3),
            Z, one(3), Z, Z, Z,
            one(4),  # '4 0 0 0 0 0 4': seven cells printed apart
            [20, 0, 0, 0, 0, 1, 21],  # '20 0 00 0 121'
            Z,
        ],
        review=[0] * 15,
        active=active19(
            gz=[0, 0, 7],  # '007'
            gf=Amb("7777166"), xk=Amb("396442278"), qt=Amb("107105"), cf=Amb("2648-18538"),
            qz=Amb("1262629"),
            sf=[35, -15],  # '35-15': the sign fixes the only split
            cg=Amb("39573802895.90元"),
        ),
        status="segmented",
        status_rows={"其他处理": "ok"},
    ),
    Spec(
        "2021_pingtan.txt", "平潭综合实验区", 2021, "2021", "crawler-text",
        requests=[
            [64, 0, 0, 2, 0, 4, 70], Z,  # '640020470'
            [27, 0, 0, 2, 0, 1, 30], one(5),  # '270020130' (2|7|0|0|20|1|30 also sums), '500000 5'
            Z, Z, Z, Z, one(1), Z, one(6), one(1),
            [22, 0, 0, 0, 0, 3, 25], Z, Z,  # '220000325' (2|20|0|0|0|3|25 also sums)
            Z, Z, Z, Z, Z,
            Z, Z, one(1),
            [63, 0, 0, 2, 0, 4, 69],  # '630020469'; 商业企业 七 = 0 decides both rows above
            one(1),
        ],
        review=[1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0],  # '10203120001200000'
        active=active21(
            gz=[0, 0, 0], gf=Amb("693665"), xk=[2293], cf=[1282], qz=[42], sf=[24252.311082],
        ),
        status="segmented",
        status_rows={"予以公开": "inferred", "无法提供/本机关不掌握相关政府信息": "inferred"},
    ),
    Spec(
        "2023_pingtan.txt", "平潭综合实验区", 2023, "2021", "crawler-text",
        requests=[
            [80, 1, 0, 0, 0, 0, 81], Z,  # '801000081'
            one(22),  # '220000022' (2|20|0|0|0|0|22 also sums)
            [19, 1, 0, 0, 0, 0, 20],  # '191000020' (1|9|10|0|0|0|20 also sums)
            Z, Z, Z, one(1), Z, one(1), one(1), one(2),
            one(31), Z, Z,  # '310000031'
            Z, one(1), Z, Z, Z,
            one(1), Z, one(1),
            [80, 1, 0, 0, 0, 0, 81],  # 商业企业 七 = 1 and 科研机构 七 = 0 decide both rows above
            Z,
        ],
        review=[1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2],  # '110024001510102'
        active=active21(
            gz=[0, 0, 0], gf=Amb("77132470"), xk=[2629], cf=[1330], qz=[54], sf=[5949.088667],
        ),
        status="segmented",
        status_rows={"予以公开": "inferred", "部分公开": "inferred"},
    ),
    Spec(
        "2025_pingtan.txt", "平潭综合实验区", 2025, "2021", "crawler-text",
        requests=[
            [151, 3, 0, 0, 0, 0, 154], Z,  # '15130000154'
            one(33), one(38),  # '330000033' (3|30|0|0|0|0|33 also sums), '380000038'
            Z, Z, Z, Z, one(3), one(2), one(3), one(3),
            [49, 1, 0, 0, 0, 0, 50], one(3), Z,  # '491000050'
            one(2), Z, Z, Z, Z,
            one(8), one(2), one(1),
            [147, 1, 0, 0, 0, 0, 148],  # '14710000148'; 商业企业 七 = 1 is 不掌握's
            [4, 2, 0, 0, 0, 0, 6],  # '4200006'
        ],
        review=[25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3],  # '25380363300630003'
        active=active21(
            gz=[0, 0, 0], gf=Amb("5845546"), xk=[2418], cf=[644], qz=[64], sf=[4166.241619],
        ),
        status="segmented",
        status_rows={"予以公开": "inferred"},
    ),
    # Markdown from PDF: bare rows placed by order between labelled rows; stray '1' ignored.
    Spec(
        "2024_shanghai_kewei.md", "上海市科委", 2024, "2021", "markdown",
        requests=[
            [32, 2, 0, 0, 0, 0, 34], [2, 0, 0, 0, 0, 0, 2],
            one(9), Z,  # bare row: 部分公开
            Z, Z, Z, Z, one(1), one(1), Z, Z,  # bare rows: /2 and /5 (内部事务 1)
            one(4), one(6), Z,  # three bare rows
            Z, Z, Z, Z, Z,  # bare rows: /4 and /5
            [8, 2, 0, 0, 0, 0, 10], Z, one(4),  # bare rows: /1 and (after the stray '1') /2
            [33, 2, 0, 0, 0, 0, 35],
            [1, 0, 0, 0, 0, 0, None],  # 总计 cell blank
        ],
        review=[1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        active=active21(
            gz=[0, 0, 0], gf=[13, 0, 55],  # printed '规范性文件'
            xk=[97], cf=[0], qz=[0], sf=[0],
        ),
    ),
    Spec(
        "2025_shanghai_bangongting.md", "上海市人民政府办公厅", 2025, "2021", "markdown",
        requests=[
            [1259, 36, 0, 0, 0, 0, 1295], [170, 15, 0, 0, 4, 0, 189],
            [201, 5, 0, 0, 0, 0, 206], one(2),  # bare row: 部分公开
            one(4), Z, one(1),
            Z,  # '| （三）不 | 4.保护第三方合法权益 | 0 …'
            [8, 0, 0, 0, 1, 0, 9],  # '| 予公开 | 5.属于三类内部事务信息 | 8 …'
            one(1), Z, one(5),
            [484, 28, 0, 0, 1, 0, 513], [47, 1, 0, 0, 0, 0, 48], one(3),
            [61, 1, 0, 0, 0, 0, 62], one(16), one(1), one(1),
            Z,  # bare row: 不予处理/5
            [40, 1, 0, 0, 2, 0, 43],  # truncated label '行政机关不再处理其政府信息公'
            Z,  # '| 缴纳费用、 | 行政机关不再处理其政 | 0 …'
            [264, 12, 0, 0, 0, 0, 276],
            [1139, 48, 0, 0, 4, 0, 1191],
            [290, 3, 0, 0, 0, 0, 293],
        ],
        review=[40, 0, 10, 5, 55, 2, 0, 4, 6, 12, 6, 0, 9, 7, 22],
        active=active21(
            gz=Amb(digits=("22", "235")),  # '| 规章 | 22 | 235 |': 2 values for 3 columns
            gf=Amb(digits=("34", "189")),
            xk=[0], cf=[0], qz=[0], sf=[0],
        ),
    ),
]
# fmt: on
BY_FILE = {s.file: s for s in SPECS}

# Genuine parser bugs, found by these tests: (file, table, row) -> reason.
XFAIL: dict[tuple[str, str, str], str] = {}


# ------------------------------------------------------------------ helpers


@cache
def _read(name: str) -> govkit.Report:
    return govkit.read_report(SEED if name == SEED.name else corpus_file(name))


def load(name: str) -> govkit.Report:
    if name != SEED.name:
        corpus_file(name)  # skips (uncached) when ../shared is absent
    return _read(name)


def _cells(rep: govkit.Report, table: str, row: str):
    sub = rep.cells[(rep.cells["table"] == table) & (rep.cells["row"] == row)]
    return sub.set_index("col")


def _same(got: float, want) -> bool:
    if want is None:
        return math.isnan(got)
    return not math.isnan(got) and math.isclose(got, float(want), rel_tol=0, abs_tol=1e-9)


def _show(values) -> list:
    return [None if isinstance(v, float) and math.isnan(v) else v for v in values]


def _param(file: str, table: str, row: str, *args):
    reason = XFAIL.get((file, table, row))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(file, row, *args, id=f"{file.split('.')[0]}-{row}", marks=marks)


# ------------------------------------------------------------------ tests


@pytest.mark.parametrize("spec", SPECS, ids=[s.file.split(".")[0] for s in SPECS])
def test_meta(spec: Spec):
    m = load(spec.file).meta
    assert (m.agency, m.year, m.template, m.format) == (
        spec.agency,
        spec.year,
        spec.template,
        spec.format,
    )


@pytest.mark.parametrize("spec", SPECS, ids=[s.file.split(".")[0] for s in SPECS])
def test_requests_shape(spec: Spec):
    wide = load(spec.file).requests
    assert len(spec.requests) == len(spec.rows)
    assert list(wide.index) == spec.rows
    assert list(wide.columns) == COLS


@pytest.mark.parametrize(
    ("file", "row", "want", "status"),
    [
        _param(s.file, "requests", row, want, s.status_rows.get(row, s.status))
        for s in SPECS
        for row, want in zip(s.rows, s.requests, strict=True)
    ],
)
def test_requests_row(file: str, row: str, want: list, status: str):
    rep = load(file)
    got = rep.requests.loc[row].tolist()
    assert all(_same(g, w) for g, w in zip(got, want, strict=True)), (
        f"{row}: parser {_show(got)} != source {want}"
    )
    cells = _cells(rep, "requests", row).loc[COLS]
    for col, w in zip(COLS, want, strict=True):
        if w is None:  # printed blank
            assert cells.loc[col, "raw"] == "", col
        else:
            assert cells.loc[col, "status"] == status, (col, cells.loc[col, "status"])


@pytest.mark.parametrize(
    ("file", "row", "want", "status"),
    [_param(s.file, "review_litigation", "数量", s.review, s.status) for s in SPECS],
)
def test_review_row(file: str, row: str, want: list, status: str):
    rep = load(file)
    wide = rep.review_litigation
    assert list(wide.index) == ["数量"]
    assert list(wide.columns) == RL_COLS
    got = wide.loc[row].tolist()
    assert all(_same(g, w) for g, w in zip(got, want, strict=True)), (
        f"parser {_show(got)} != source {want}"
    )
    # crawler text prints the 15 cells as one run; grid sources print them apart
    assert set(_cells(rep, "review_litigation", row)["status"]) == {status}


@pytest.mark.parametrize(
    ("file", "row", "cols", "want"),
    [
        _param(s.file, "active", row, cols, want)
        for s in SPECS
        for row, (cols, want) in s.active.items()
    ],
)
def test_active_row(file: str, row: str, cols: tuple[str, ...], want):
    cells = _cells(load(file), "active", row)
    assert list(cells.index) == list(cols)
    if isinstance(want, Amb):
        for col in cols:
            c = cells.loc[col]
            assert math.isnan(c["value"]), (col, c["value"])
            assert c["status"] == "ambiguous", (col, c["status"])
            if want.raw is not None:
                assert c["raw"] == want.raw, (col, c["raw"])
            for d in want.digits:
                assert d in c["raw"], (col, c["raw"])
        return
    for col, w in zip(cols, want, strict=True):
        c = cells.loc[col]
        if isinstance(w, Text):
            assert math.isnan(c["value"]) and c["raw"] == w.raw, (col, c["value"], c["raw"])
        else:
            assert _same(c["value"], w), (col, c["value"], c["raw"], w)
            assert c["status"] in ("ok", "segmented"), (col, c["status"])


# ------------------------------------------------------------------ quirks pinned explicitly


def test_seed_quirks():
    rep = load(SEED.name)
    c = rep.cells.set_index(["table", "row", "col"])
    blank = c.loc[("requests", "上年结转政府信息公开申请数量", "商业企业")]
    assert math.isnan(blank["value"]) and blank["raw"] == ""
    zeng = c.loc[("active", "第二十条第（六）项/行政处罚", "本年增/减")]
    assert math.isnan(zeng["value"]) and zeng["raw"] == "增"
    assert c.loc[("requests", "总计", "总计"), "value"] == 0
    assert c.loc[("requests", "总计", "自然人"), "value"] == 1
    buy = c.loc[("active", "第二十条第（九）项/政府集中采购", "采购总金额")]
    assert buy["value"] == 757000 and buy["unit"] == ""


@pytest.mark.parametrize(
    "file", [s.file for s in SPECS if s.template == "2021"], ids=lambda f: f.split(".")[0]
)
def test_fee_unit_is_wan_yuan(file: str):
    c = _cells(load(file), "active", "第二十条第（八）项/行政事业性收费").loc["本年收费金额"]
    assert c["unit"] == "万元"


def test_kewei_carry_over_total_blank():
    c = _cells(load("2024_shanghai_kewei.md"), "requests", "结转下年度继续办理").loc["总计"]
    assert math.isnan(c["value"]) and c["raw"] == ""


def test_2018_pre_template_is_unsupported():
    with pytest.raises(govkit.UnsupportedTemplate):
        govkit.read_report(corpus_file("2018_pingtan.txt"))
