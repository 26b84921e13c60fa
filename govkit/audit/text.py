"""Text against table: numbers and percentages the prose states, recomputed from the tables."""

from __future__ import annotations

import re

from govkit.audit.context import Context
from govkit.audit.registry import Finding, rule
from govkit.templates import get_template

# a count starts where its digit run starts: without the look-behind a long run of digits with no
# 件 after it is tried from every position, quadratic (32 s for 20,000 digits in the prose). The
# look-behind ("this digit and the one before are not both digits") follows the first digit so
# that a pattern starting with a count starts with a character set, which re scans for in C
# instead of testing the look-behind at every position (3x faster on a report's sentences).
_RUN_START = r"\d(?<!\d\d)\d*"  # a whole run of digits: (?<!\d)\d+
_N = rf"({_RUN_START})\s*件"
RECEIVED = [
    re.compile(r"(?:收到|受理|新收)[^。；，,：:]{0,14}?申请(?:数量)?(?:共|为|合计)?\s*" + _N),
    re.compile(r"(?:收到|受理|新收)[^。；，,：:]{0,6}?" + _N + r"[^。；，,]{0,8}?申请"),
]
CLOSED = [re.compile(r"办结(?:了|申请)?(?:共|为)?\s*" + _N)]
CARRIED = [re.compile(_N + r"[^。；，,]{0,4}?结转(?:至|到)?(?:下年度|下一年度|\d{4}年)")]
_CASES = rf"({_RUN_START})\s*(?:件|起)"  # review and litigation cases are counted in 件 or 起
REVIEW = [
    re.compile(r"行政复议(?:案件|申请)?(?:共|数为|数|为)?\s*" + _CASES),
    re.compile(_CASES + r"[^。；，,]{0,16}?行政复议"),
]
LITIGATION = [
    re.compile(r"行政诉讼(?:案件)?(?:共|数为|数|为)?\s*" + _CASES),
    re.compile(_CASES + r"[^。；，,]{0,16}?行政诉讼"),
]
OUTCOMES = {
    "予以公开及部分公开": ["予以公开", "部分公开"],
    "予以公开": ["予以公开"],
    "部分公开": ["部分公开"],
    "不予公开": ["不予公开"],
    "无法提供": ["无法提供"],
    "不予处理": ["不予处理"],
    "其他处理": ["其他处理"],
}
_OUTCOME = re.compile(
    r"(予以公开及部分公开|予以公开和部分公开|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理)[^0-9。；，,（(]{0,12}?"
    + _N
)
_PCT = re.compile(
    _N + r"\s*[（(]\s*(\d+(?:\.\d+)?)\s*%|" + _N + r"[，,]?\s*占[^0-9。；]{0,8}?(\d+(?:\.\d+)?)\s*%"
)


def _claims(sentences: list[str], patterns: list[re.Pattern], word: str) -> list[tuple[float, str]]:
    """(stated number, sentence) for each sentence a pattern finds a count in; `word` is printed
    in every match of the patterns, so a sentence without it is skipped before any search."""
    out = []
    for sent in sentences:
        if word not in sent:
            continue
        for p in patterns:
            m = p.search(sent)
            if m:
                out.append((float(m.group(1)), sent.strip()))
                break
    return out


def _check(
    claims, accepted: dict[str, float], what: str, table: str, row: str, col: str
) -> list[Finding]:
    recs = []
    for stated, sent in claims:
        values = {k: v for k, v in accepted.items() if v == v}
        if not values or any(abs(stated - v) < 1e-9 for v in values.values()):
            continue
        shown = "；".join(f"{k} {v:.0f}" for k, v in values.items())
        main = next(iter(values.values()))
        recs.append(
            {
                "table": table,
                "row": row,
                "col": col,
                "expected": main,
                "actual": stated,
                "difference": stated - main,
                "sentence": sent,
                "message": f"正文说{what} {stated:.0f} 件，表格为 {shown}。原文：“{sent}”",
            }
        )
    return recs


@rule("text.requests", "warning", "正文所述收到、办结、结转的申请数与第三部分表格不符")
def text_requests(ctx: Context) -> list[Finding]:
    sentences = ctx.numbered_sentences
    t = ctx.requests_totals
    new, old, closed, nxt = t["new"], t["old"], t["closed"], t["next"]
    return [
        *_check(
            _claims(sentences, RECEIVED, "申请"),
            {"本年新收": new, "本年新收+上年结转": new + old},
            "收到申请",
            "requests",
            "本年新收政府信息公开申请数量",
            "总计",
        ),
        *_check(
            _claims(sentences, CLOSED, "办结"),
            {"（七）总计": closed},
            "办结",
            "requests",
            "总计",
            "总计",
        ),
        *_check(
            _claims(sentences, CARRIED, "结转"),
            {"结转下年度继续办理": nxt},
            "结转下年度",
            "requests",
            "结转下年度继续办理",
            "总计",
        ),
    ]


@rule(
    "text.outcomes",
    "warning",
    "正文所述各类办理结果件数（予以公开、不予公开、无法提供……）与表格不符",
)
def text_outcomes(ctx: Context) -> list[Finding]:
    recs = []
    for sent in ctx.numbered_sentences:
        if "件" not in sent:  # every outcome is counted in 件
            continue
        for m in _OUTCOME.finditer(sent):
            name = m.group(1).replace("和", "及")
            rows = OUTCOMES[name]
            value = sum(ctx.total("requests", r) for r in rows)
            stated = float(m.group(2))
            if value == value and abs(stated - value) > 1e-9:
                recs.append(
                    {
                        "table": "requests",
                        "row": rows[0],
                        "col": "总计",
                        "expected": value,
                        "actual": stated,
                        "difference": stated - value,
                        "sentence": sent.strip(),
                        "message": f"正文说{name} {stated:.0f} 件，表格合计为 {value:.0f} 件。原文：“{sent.strip()}”",
                    }
                )
    return recs


@rule("text.review_litigation", "warning", "正文所述行政复议、行政诉讼件数与第四部分表格不符")
def text_review(ctx: Context) -> list[Finding]:
    at = ctx.cells.value_at
    review = at("review_litigation", "数量", "行政复议/总计")
    lit = at("review_litigation", "数量", "行政诉讼/未经复议直接起诉/总计") + at(
        "review_litigation", "数量", "行政诉讼/复议后起诉/总计"
    )
    return [
        *_check(
            _claims(ctx.numbered_sentences, REVIEW, "行政复议"),
            {"行政复议/总计": review},
            "行政复议",
            "review_litigation",
            "数量",
            "行政复议/总计",
        ),
        *_check(
            _claims(ctx.numbered_sentences, LITIGATION, "行政诉讼"),
            {"行政诉讼两项总计之和": lit},
            "行政诉讼",
            "review_litigation",
            "数量",
            "行政诉讼/未经复议直接起诉/总计",
        ),
    ]


@rule("text.percent", "warning", "正文引用的百分比无法由表格数字重新算出")
def text_percent(ctx: Context) -> list[Finding]:
    t = ctx.requests_totals
    new, old, closed = t["new"], t["old"], t["closed"]
    bases = {"办结数": closed, "本年新收": new, "新收+结转": new + old}
    recs = []
    for sent in ctx.numbered_sentences:
        if "%" not in sent:
            continue
        for m in _PCT.finditer(sent):
            n = float(m.group(1) or m.group(3))
            pct_text = m.group(2) or m.group(4)
            pct = float(pct_text)
            decimals = len(pct_text.split(".")[1]) if "." in pct_text else 0
            half = 0.5 * 10 ** (-decimals) + 1e-9
            fits = [k for k, b in bases.items() if b and b == b and abs(100 * n / b - pct) <= half]
            if fits or not any(b == b and b for b in bases.values()):
                continue
            best = closed if closed else new
            recs.append(
                {
                    "table": "requests",
                    "row": "总计",
                    "col": "总计",
                    "expected": round(100 * n / best, decimals),
                    "actual": pct,
                    "sentence": sent.strip(),
                    "message": f"正文写 {n:.0f} 件占 {pct_text}%，但按办结数 {closed:.0f} 算为 {100 * n / closed:.{decimals}f}%"
                    if closed
                    else f"正文写 {n:.0f} 件占 {pct_text}%，无法由表格数字算出。",
                }
            )
    for r in recs:
        r["message"] += f" 原文：“{r['sentence']}”"
    return recs


# ------------------------------------------------------------------ 信息处理费 (section 六)

SECTION_6 = "其他需要报告的事项"
# the fee by name: safe anywhere in the report (the tables never print these words)
_FEE_NAMED = r"处理费|(?:政府)?信息公开(?:工作)?(?:的)?收费"
# in section 六 plain words are enough ("未收取任何费用", "发出收费通知0件")
_FEE_SECTION = re.compile(rf"{_FEE_NAMED}|收费|费用|收取")
_FEE_ANYWHERE = re.compile(_FEE_NAMED)
_BOOK = re.compile(r"《[^》]{0,60}》|行政事业性收费")  # titles of rules and the other fee
_AMOUNT = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)\s*(万元|元)")
_NONE = re.compile(r"未|没有|无|不存在|不涉及|免|零|0\s*件")
_FEE_SENT = re.compile(r"[^。；;！!？?\n]+")
_NUMBERS_ROW = re.compile(r"[\s|｜]*\d[\d,]*(?:\.\d+)?(?:[\s|｜]+\d[\d,]*(?:\.\d+)?)*[\s|｜]*")
_SIX = re.compile(r"(?<![一二三四五六七八九十\d])六\s*[、.．]")


def fee_statement(report) -> dict[str, object]:
    """What a report says about the 信息处理费 it charged, for the audit and for the page.

    The 2021 template asks section 六 to report the fee charged under 《政府信息公开信息处理费管理办法》
    (2019-template reports are not asked: `asked` is False). Reports word it many ways ("未收取信息
    处理费", "无收取信息处理费情况", "未发生政府信息公开收费事项", "收取…信息处理费 3940 元",
    "发出收费通知0件"), so a sentence counts when it names the fee (in section 六 a plain 收费/费用
    is enough) and either states an amount (元/万元; "实际收取" preferred) or denies charging
    (未, 没有, 无, 不涉及, 零 …). Titles in 《》 and 行政事业性收费 (table 二's fee) are ignored.

    Returns asked, stated, charged (True/False/None), amount (元, float or None), shown (what the
    page prints: "未收取", "3940 元", "未说明"), sentence (quoted) and where ("六" or "正文"
    when section 六 is absent and the statement was found elsewhere).
    """
    sections = report.sections
    asked = get_template(report.meta.template).asks_fee
    if SECTION_6 in sections:
        found = _fee_in(sections[SECTION_6], _FEE_SECTION)
        where = "六"
    else:  # heading worded otherwise, lost in extraction, or not printed
        last = list(sections.values())[-1] if sections else ""
        six = _SIX.search(last)  # "六、其他需要说明的事项": a 六 heading in other words
        found = _fee_in(last[six.end() :], _FEE_SECTION) if six else None
        if found is None:  # the fee by name, anywhere
            found = _fee_in(report.text, _FEE_ANYWHERE)
        where = "正文"
    if found is None:
        return {
            "asked": asked,
            "stated": False,
            "charged": None,
            "amount": None,
            "shown": "未说明",
            "sentence": "",
            "where": "",
        }
    charged, amount, shown, sentence = found
    return {
        "asked": asked,
        "stated": True,
        "charged": charged,
        "amount": amount,
        "shown": shown,
        "sentence": sentence,
        "where": where,
    }


def _fee_in(text: str, term: re.Pattern) -> tuple[bool | None, float | None, str, str] | None:
    """The first sentence stating the fee: (charged, amount in 元, shown, sentence).

    A sentence naming the fee with no amount and no denial may head a small table (发出收费通知件数 |
    总金额 | 实际收取总金额, as the template's instruction lists them): the next line of numbers alone
    is its row, and its last number the amount actually charged.
    """
    sents = _FEE_SENT.findall(text)
    for i, raw in enumerate(sents):
        sent = _BOOK.sub("", raw)
        if not term.search(sent):
            continue
        amounts = list(_AMOUNT.finditer(sent))
        if amounts:
            paid = [m for m in amounts if "收取" in sent[max(0, m.start() - 12) : m.start()]]
            m = (paid or amounts)[0]
            return _fee(m.group(1), m.group(2), raw)
        if _NONE.search(sent):
            return False, 0.0, "未收取", raw.strip()
        row = sents[i + 1] if i + 1 < len(sents) else ""
        if _NUMBERS_ROW.fullmatch(row):
            last = re.findall(r"\d[\d,]*(?:\.\d+)?", row)[-1]
            return _fee(last, "万元" if "万元" in sent else "元", f"{raw.strip()} {row.strip()}")
    return None


def _fee(number: str, unit: str, sentence: str) -> tuple[bool, float, str, str]:
    yuan = float(number.replace(",", "")) * (10000 if unit == "万元" else 1)
    shown = "未收取（0 元）" if yuan == 0 else f"{number} {unit}"
    return yuan > 0, yuan, shown, sentence.strip()


@rule(
    "text.fee",
    "warning",
    "2021 版：第六部分应说明按《政府信息公开信息处理费管理办法》收取信息处理费的情况（未收取也应写明）",
)
def text_fee(ctx: Context) -> list[Finding]:
    if not get_template(ctx.meta.template).asks_fee:  # the 2019 template does not ask for it
        return []
    if fee_statement(ctx.report)["stated"]:
        return []
    six = ctx.report.sections.get(SECTION_6)
    if six is None:
        said = "报告没有第六部分“其他需要报告的事项”，正文也没有说明"
    else:
        quote = " ".join(six.split())[:80]
        said = (
            f"第六部分“其他需要报告的事项”{'为空' if not quote else f'写的是“{quote}”'}，没有说明"
        )
    return [
        {
            "row": SECTION_6,
            "sentence": "" if six is None else " ".join(six.split())[:200],
            "message": f"{said}本年度收取信息处理费的情况（2021 版格式要求报告按《政府信息公开信息处理费"
            "管理办法》收取的信息处理费，未收取也应写明）。",
            "suggestion": "在第六部分写明本年度收取信息处理费的情况，如“本年度未收取信息处理费”",
        }
    ]
