"""Copied-text index at scale: N reports made from the corpus narratives, indexed and queried once.

Each synthetic agency writes its first year from corpus sentences with its own place names and
figures and a few characters changed; later years keep most of the previous year's sentences with
new figures (the copying evaluators find); one agency in ten copies half of a neighbour's report.
Prints the time per stage and the peak memory of the process (ru_maxrss).

    .venv/bin/python benchmarks/bench_copied.py --reports 10000
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import govkit  # noqa: E402
from govkit.across.copied import SENTENCE_COLUMNS, copied_text, normalise, sentences  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
HAN = "的一是不了人在有这中大来上国个到们为和地出时年得就要下以生会着去之过家对可里后心多天能好都然没日"


def corpus_sentences() -> list[str]:
    files = sorted(p for p in CORPUS.glob("20*") if not p.name.startswith("2018"))
    files += sorted((ROOT / "data").glob("*.txt"))
    out: list[str] = []
    for p in files:
        out += sentences(govkit.read_report(p))["text"].tolist()
    return [s for s in out if len(s) >= 12]


def perturb(text: str, rng: random.Random, edits: int) -> str:
    chars = list(text)
    for _ in range(edits):
        chars[rng.randrange(len(chars))] = rng.choice(HAN)
    return "".join(chars).replace("2", str(rng.randrange(10)))


def synthetic(n_reports: int, years: int = 5, seed: int = 1) -> pd.DataFrame:
    rng = random.Random(seed)
    pool = corpus_sentences()
    rows = []
    n_agencies = max(1, n_reports // years)
    previous: dict[int, list[str]] = {}  # the last agency's text per year
    for a in range(n_agencies):
        place = "".join(rng.choice(HAN) for _ in range(3)) + rng.choice("县区市镇局委")
        body = [
            perturb(place + rng.choice(pool), rng, rng.randint(4, 10))
            for _ in range(rng.randint(30, 70))
        ]
        for y in range(2021, 2021 + years):
            if y > 2021:  # keep ~70% of last year's text with new figures
                body = [s if rng.random() < 0.7 else perturb(s, rng, 8) for s in body]
                body = [perturb(s, rng, 0) for s in body]
            text = body
            if a % 10 == 9:  # copies half of a neighbour's report of the same year
                text = body[: len(body) // 2] + previous[y][: len(body) // 2]
            previous[y] = body
            rows += [(f"r{a}-{y}", f"机关{a}", y, k, s) for k, s in enumerate(text)]
    df = pd.DataFrame(rows, columns=["source", "agency", "year", "pos", "text"])
    df["section"] = "总体情况"
    return df


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=10000)
    args = ap.parse_args()
    t0 = time.perf_counter()
    df = synthetic(args.reports)
    t1 = time.perf_counter()
    df["key"] = normalise(df["text"])
    df = df[SENTENCE_COLUMNS]
    t2 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = copied_text(df)
    t3 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    s = result.summary
    print(
        f"reports {df['source'].nunique()}, sentences {len(df)}, distinct keys {df['key'].nunique()}"
    )
    print(f"generate {t1 - t0:.1f} s; normalise {t2 - t1:.1f} s; index + query {t3 - t2:.1f} s")
    print(f"peak RSS {peak:.0f} MB ({before:.0f} MB before indexing: the sentences themselves)")
    print(
        "median share copied from previous year "
        f"{s.loc[s['year'] > 2021, 'share_previous_year'].median():.2f}; "
        f"reports with > 20% from another agency {(s['share_other_agency'] > 0.2).sum()}; "
        f"boilerplate sentences {int(result.sentences['boilerplate'].sum())}"
    )


if __name__ == "__main__":
    main()
