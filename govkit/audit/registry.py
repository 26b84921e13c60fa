"""Rule registry: every rule is a small named function with a stable id, a severity, a kind and a
meaning.

`kind` keeps the reader's doubts apart from the agency's errors (rule 2 of the project): "agency"
findings are defects of the printed report; "reading" findings say what govkit could not read
(ambiguous cells, identities left undecidable by them, parse notes). A finding may override its
rule's severity and kind (an undecidable identity is "agency" when only the agency's text blocks it).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from govkit import frames

FINDING_COLUMNS = [
    "rule",
    "severity",
    "kind",
    "table",
    "row",
    "col",
    "expected",
    "actual",
    "difference",
    "formula",
    "cells",
    "suggestion",
    "sentence",
    "message",
    "fingerprint",
]
SEVERITIES = ("error", "warning", "info")
KINDS = ("agency", "reading")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    meaning: str  # Chinese, one line: what the rule checks
    func: Callable
    scope: str  # "report" (one Report) or "batch" (a list of Reports)
    kind: str  # "agency" | "reading": the default kind of its findings


RULES: dict[str, Rule] = {}


Finding = dict[str, object]  # keys from FINDING_COLUMNS; rule, severity, kind are filled in for it
_NUMERIC = ("expected", "actual", "difference")


def rule(id: str, severity: str, meaning: str, *, scope: str = "report", kind: str = "agency"):
    """Register a rule: a function of an audit Context (scope "report") or of a list of Reports
    (scope "batch") returning its findings as a list of dicts, empty when all is well."""
    assert severity in SEVERITIES and kind in KINDS, (id, severity, kind)

    def deco(func: Callable) -> Callable:
        RULES[id] = Rule(id, severity, meaning, func, scope, kind)
        return func

    return deco


def _num_key(v: object) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return f"{float(v):.6g}"


def fingerprint(agency: object, year: object, rule_id: str, f: Finding) -> str:
    """Stable short id of a finding: agency, year, rule, where, and the values involved.

    Built only from what the report says (never a path, a time or the wording of the message), so
    the same report gives the same ids run after run and on any machine; reviewed findings key on it.
    """
    parts = [
        "" if agency is None else str(agency),
        "" if year is None else str(int(year)),  # type: ignore[call-overload]
        rule_id,
        str(f.get("table") or ""),
        str(f.get("row") or ""),
        str(f.get("col") or ""),
        _num_key(f.get("expected")),
        _num_key(f.get("actual")),
        "|".join(sorted(str(c) for c in (f.get("cells") or ()))),
        str(f.get("sentence") or ""),
        str(f.get("key") or ""),
    ]
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=6).hexdigest()


def findings_frame(
    found: list[tuple[str, Finding]],
    extra: tuple[str, ...] = (),
    *,
    agency: object = None,
    year: object = None,
) -> pd.DataFrame:
    """(rule id, finding) pairs as one DataFrame in the standard columns, built in one go.

    Severity and kind default to the rule's; missing text is "", missing numbers NaN, missing
    cells []. `extra` columns (agency, year, source) come first. The fingerprint uses the
    finding's own agency/year when it has them (cross-year findings), else `agency`/`year`; a
    finding whose fields do not tell it apart from another of the same report (two parse notes)
    may carry a "key" (e.g. the note's text), which only feeds the fingerprint.
    """
    data = {c: [f.get(c) for _, f in found] for c in (*extra, *FINDING_COLUMNS)}
    data["rule"] = [rule_id for rule_id, _ in found]
    data["severity"] = [f.get("severity") or RULES[r].severity for r, f in found]
    data["kind"] = [f.get("kind") or RULES[r].kind for r, f in found]
    data["fingerprint"] = [
        fingerprint(f.get("agency", agency), f.get("year", year), r, f) for r, f in found
    ]
    _distinct(data["fingerprint"])
    arrays: dict[str, object] = {}
    for c, values in data.items():
        if c in _NUMERIC:
            arrays[c] = frames.floats([math.nan if v is None else float(v) for v in values])
        elif c == "year":
            arrays[c] = pd.array(values, dtype="Int64")
        elif c == "cells":  # lists, one per finding: filled in one by one, numpy would nest them
            arrays[c] = np.empty(len(values), dtype=object)
            for i, v in enumerate(values):
                arrays[c][i] = [] if v is None else list(v)
        else:
            arrays[c] = frames.strings(["" if v is None else str(v) for v in values])
    return frames.frame(arrays)


def _distinct(prints: list[str]) -> None:
    """Findings equal in every field that feeds the fingerprint get #2, #3 … in their (fixed) order."""
    seen: dict[str, int] = {}
    for i, p in enumerate(prints):
        n = seen[p] = seen.get(p, 0) + 1
        if n > 1:
            prints[i] = hashlib.blake2b(f"{p}#{n}".encode(), digest_size=6).hexdigest()


def rules_table() -> pd.DataFrame:
    return pd.DataFrame(
        [(r.id, r.severity, r.kind, r.scope, r.meaning) for r in RULES.values()],
        columns=["rule", "severity", "kind", "scope", "meaning"],
    )
