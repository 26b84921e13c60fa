"""A page's share of the batch's copied text: read whole then filtered vs `read_copied` (issue 15).

    .venv/bin/python benchmarks/bench_copied_pages.py              # 5,000 reports x 20 copied sentences
    .venv/bin/python benchmarks/bench_copied_pages.py --reports 500

Every agency page of a batch reads out/copied/. Read whole and then filtered, each page costs the
whole batch's sentences, so a batch's pages cost grows with the square of its size. `write_copied`
sorts the sentences by source in small row groups and `read_copied` filters on them. Prints the
median milliseconds a page pays both ways (CPU); nothing is asserted.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from statistics import median

import pandas as pd

from govkit.across.copied import Copying, read_copied, write_copied

SENTENCE = "本机关严格按照《中华人民共和国政府信息公开条例》要求，认真做好政府信息公开工作。"


def batch(reports: int, per_report: int) -> Copying:
    """A batch's comparison as copied_text returns it, every sentence copied from its neighbour."""
    sources = [f"/data/reports/{i:05d}_某某区人民政府办公室.txt" for i in range(reports)]
    rows = len(sources) * per_report
    sentences = pd.DataFrame(
        {
            "source": [s for s in sources for _ in range(per_report)],
            "agency": "某某区人民政府办公室",
            "year": 2024,
            "section": "总体情况",
            "pos": list(range(per_report)) * reports,
            "text": [f"{SENTENCE}第{i}条。" for i in range(rows)],
            "copied": "other_agency",
            "match_source": sources[0],
            "match_agency": "某某县人民政府",
            "match_year": 2024,
            "match_text": [f"{SENTENCE}第{i + 1}条。" for i in range(rows)],
        }
    ).sample(frac=1, random_state=0)  # comparison order, not source order
    summary = pd.DataFrame({"source": sources, "chars": 800, "share_other_agency": 1.0})
    assert len(sentences) == rows
    return Copying(sentences, summary)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=5_000)
    parser.add_argument("--sentences", type=int, default=20, help="copied sentences a report")
    parser.add_argument("--pages", type=int, default=15, help="pages timed")
    args = parser.parse_args()
    copying = batch(args.reports, args.sentences)
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_copied(copying, Path(tmp))
        before = Path(tmp) / "before.parquet"  # as write_copied wrote it until now
        copying.sentences.to_parquet(before, index=False)
        sources = copying.summary["source"].iloc[:: max(1, args.reports // args.pages)]

        def whole(source: str) -> None:
            s = pd.read_parquet(before)
            s = s[s["source"] == source]
            c = pd.read_csv(folder / "copied_summary.csv", dtype={"source": str})
            c = c[c["source"] == source]

        for name, read in (("before: whole, filtered", whole), ("read_copied", read_copied)):
            times = []
            for source in sources:
                t = time.process_time()
                read(folder, source) if read is read_copied else read(source)
                times.append(time.process_time() - t)
            print(f"{name:<26} {median(times) * 1000:7.1f} ms a page (CPU, median of {len(times)})")
    print(f"{args.reports:,} reports, {args.reports * args.sentences:,} copied sentences")


if __name__ == "__main__":
    main()
