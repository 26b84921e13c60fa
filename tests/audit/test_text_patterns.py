"""The text rules' count patterns equal the look-behind-first patterns they replaced (a speed
change: a pattern starting with a character set is scanned for in C), and each pattern list's
required word is printed in every match (sentences without it are skipped unsearched)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from govkit.audit import text as t

_OLD_RUN = r"(?<!\d)(\d+)"
_PATTERNS = {
    "申请": t.RECEIVED,
    "办结": t.CLOSED,
    "结转": t.CARRIED,
    "行政复议": t.REVIEW,
    "行政诉讼": t.LITIGATION,
    "件": [t._OUTCOME],
    "%": [t._PCT],
}
_WORDS = ["收到申请", "受理", "办结", "结转下年度", "行政复议", "行政诉讼", "予以公开", "部分公开"]
_WORDS += ["不予处理", "其他处理", "无法提供", "", "和", "共", "为", "占", "，", "（", " ", "申请"]
_COUNT = st.sampled_from(["1", "0", "12", "3.5", "2024年", "50%", "123456"])
_UNIT = st.sampled_from(["件", "起", " 件", "%", "", "件（", "件，占"])
# word, count, unit, word …: most draws put a count where some pattern looks for one
_SENTENCE = st.lists(
    st.tuples(st.sampled_from(_WORDS), _COUNT, _UNIT, st.sampled_from(_WORDS)).map("".join),
    min_size=1,
    max_size=4,
).map("".join)


def _found(pattern: re.Pattern[str], text: str) -> list:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_SENTENCE)
def test_count_patterns_match_the_reference(sentence):
    for word, patterns in _PATTERNS.items():
        for p in patterns:
            old = re.compile(p.pattern.replace(f"({t._RUN_START})", _OLD_RUN))
            assert old.pattern != p.pattern
            assert _found(p, sentence) == _found(old, sentence)
            if p.search(sentence):  # _claims skips sentences without the word unsearched
                assert word in sentence
