"""Write README.md's rule table from govkit.rules(): after adding or rewording a rule, run

    .venv/bin/python tools/readme_rules.py

tests/audit/test_registry.py::test_readme_rule_table_matches_rules fails until the README says what the code does.
"""

from __future__ import annotations

from pathlib import Path

import govkit

README = Path(__file__).resolve().parents[1] / "README.md"
HEADER = "| 规则 `rule` | 严重程度 `severity` | 类别 `kind` | 含义 |\n|---|---|---|---|\n"


def table() -> str:
    rows = govkit.rules().itertuples()
    return HEADER + "".join(
        f"| `{r.rule}` | {r.severity} | {r.kind} | {r.meaning} |\n" for r in rows
    )


def main() -> None:
    text = README.read_text(encoding="utf-8")
    head, rest = text.split("## 审核规则", 1)
    section, sep, tail = rest.partition("\n## ")
    lines = section.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith("| "))
    last = max(i for i, line in enumerate(lines) if line.startswith("|"))
    section = "".join(lines[:first]) + table() + "".join(lines[last + 1 :])
    README.write_text(head + "## 审核规则" + section + sep + tail, encoding="utf-8")


if __name__ == "__main__":
    main()
