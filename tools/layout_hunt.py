"""Sweep combinations of layout classes wider than the tests do, and print the failing families.

    .venv/bin/python tools/layout_hunt.py                 # every pair, seed per pair, text formats
    .venv/bin/python tools/layout_hunt.py --size 3 --seeds 1,2,3 --formats html,text,docx
    .venv/bin/python tools/layout_hunt.py --formats pdf      # 2021 in Word, LibreOffice to PDF
    .venv/bin/python tools/layout_hunt.py --formats crawler  # run-together text a crawler saves

Each combination of tests/layouts.py CLASSES is printed for both templates in every chosen
format and read back; tests.layouts.problems lists every cell read other than printed (wrong
number, leaked text, row called missing, needless blank; in crawler text run-together digits
are often genuinely ambiguous, so there a blank is usually no fault). One line per (classes, kind) with the
formats it fails in and the first problems, worst kind first, so a family shows up as one line.
tests/integration/test_layout_pairs.py keeps the cases that failed.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import govkit
from tests.layouts import CLASSES, FORMS, SUFFIX, Report, printed, problems, to_docx

KINDS = ["wrong", "leak", "missing", "blank", "error"]


def sweep(size: int, seeds: list[int] | None, formats: list[str]) -> dict:
    """(classes, kind) -> [(version, format, seed, detail)] for every combination of `size`."""
    found = collections.defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        for names in itertools.combinations(CLASSES, size):
            for seed in seeds or [zlib.crc32("+".join(names).encode()) % 97]:
                for version, fmt in itertools.product(("2019", "2021"), formats):
                    if fmt == "docx" and version == "2019":
                        continue
                    rep = Report(version, seed=seed)
                    out = FORMS[fmt](printed(rep, names, fmt))
                    path = Path(tmp) / f"report{SUFFIX[fmt]}"
                    path.write_bytes(out if isinstance(out, bytes) else out.encode("utf-8"))
                    try:
                        got = problems(govkit.read_report(path), rep)
                    except govkit.GovkitError as exc:
                        got = [("error", str(exc)[:200])]
                    for kind, detail in got:
                        found[names, kind].append((version, fmt, seed, detail))
    return found


def sweep_pdf(size: int, seeds: list[int] | None) -> dict:
    """The same for 2021 reports printed in Word and exported to PDF by LibreOffice (one run)."""
    found = collections.defaultdict(list)
    cases = [
        (names, seed)
        for names in itertools.combinations(CLASSES, size)
        for seed in seeds or [zlib.crc32("+".join(names).encode()) % 97]
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for k, (names, seed) in enumerate(cases):
            body = printed(Report("2021", seed=seed), names)
            (Path(tmp) / f"{k}.docx").write_bytes(to_docx(body))
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless"]
            + ["--convert-to", "pdf", "--outdir", tmp]
            + [str(Path(tmp) / f"{k}.docx") for k in range(len(cases))],
            check=True,
            capture_output=True,
        )
        for k, (names, seed) in enumerate(cases):
            rep = Report("2021", seed=seed)
            printed(rep, names)
            try:
                got = problems(govkit.read_report(Path(tmp) / f"{k}.pdf"), rep, pdf=True)
            except govkit.GovkitError as exc:
                got = [("error", str(exc)[:200])]
            for kind, detail in got:
                found[names, kind].append(("2021", "pdf", seed, detail))
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=2, help="classes per combination")
    ap.add_argument("--seeds", default="", help="comma-separated seeds (default: one per case)")
    ap.add_argument("--formats", default="html,markdown,text,docx")
    args = ap.parse_args()
    seeds = [int(s) for s in args.seeds.split(",") if s] or None
    start = time.perf_counter()
    formats = args.formats.split(",")
    found = sweep(args.size, seeds, [f for f in formats if f != "pdf"])
    if "pdf" in formats:
        for key, items in sweep_pdf(args.size, seeds).items():
            found[key].extend(items)
    for (names, kind), items in sorted(found.items(), key=lambda x: KINDS.index(x[0][1])):
        where = sorted({f"{v}/{f}" for v, f, _, _ in items})
        print(f"{kind:8} {'+'.join(names)}: {len(items)} cells in {', '.join(where)}")
        for version, fmt, seed, detail in items[:3]:
            print(f"    {version} {fmt} seed {seed}: {detail}")
    combos = len(list(itertools.combinations(CLASSES, args.size)))
    print(
        f"{combos} combinations, {len(found)} failing (classes, kind), {time.perf_counter() - start:.0f} s"
    )


if __name__ == "__main__":
    main()
