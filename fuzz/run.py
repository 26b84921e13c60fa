"""Long mutation-fuzz run: `python fuzz/run.py --inputs 100000 --seed 1 [--start 0] [--out DIR]`.

Input i of a run is a pure function of (seed, i), so a failure replays with `--start i --inputs 1`
and a long run splits into pieces (`--start 0 --inputs 50000`, `--start 50000 --inputs 50000`)
that together try exactly the inputs of one big run. Prints inputs tried, outcomes, failures by
exception type, hangs and inputs/s; failing inputs go to DIR as `<kind>-<i>.bin` with a `.txt`
beside it (mutations applied, seed file, traceback). A summary is written to DIR/summary-*.json.
"""

from __future__ import annotations

import argparse
import collections
import json
import logging
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fuzz.check import CellMismatch, Hang, check_input, deadline
from fuzz.mutate import Seed, load_seeds, mutate, pick_seed
from fuzz.variants import cell_mutation_at as cell_mutation
from fuzz.variants import check_variant, load_sources, make_cell_variant

CELL_FORMATS = ["html", "markdown", "text", "crawler"]  # no LibreOffice in the long run

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # broken PDFs are the point: no chatter
KEEP_PER_KIND = 20  # failing inputs saved per failure kind (the first ones; counts are all kept)


def make_input(seed: int, i: int, seeds: list[Seed]) -> tuple[bytes, str]:
    """Input number i of run `seed`: the seed file, then the mutations, all from one RNG."""
    rng = random.Random(f"{seed}:{i}")
    base = pick_seed(rng, seeds)
    data, what = mutate(rng, base, seeds)
    return data, f"{base.name}: {what}"


def run(args: argparse.Namespace) -> dict:
    seeds = load_seeds()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    outcomes: collections.Counter[str] = collections.Counter()
    failures: collections.Counter[str] = collections.Counter()
    hangs = 0
    slowest = (0.0, -1)
    t0 = time.perf_counter()
    end = args.start + args.inputs
    sources = list(load_sources()) if args.cells_every else []
    for i in range(args.start, end):
        own = bool(args.cells_every) and i % args.cells_every == 0
        if own:  # one cell mutated, its visible text known: invariant (d)
            src, key, fmt, content = cell_mutation(args.seed, i, sources, CELL_FORMATS)
            variant = make_cell_variant(src, key, fmt, content)
            data, what = (
                variant.data,
                f"{variant.name} cell {'|'.join(key)}: {content.html or content.plain!r}",
            )
        else:
            data, what = make_input(args.seed, i, seeds)
        kind = tb = None
        t = time.perf_counter()
        try:
            with deadline(args.timeout):
                if own:
                    problems = check_variant(variant)
                    if problems:
                        raise CellMismatch("; ".join(problems[:5]))
                    outcomes["own-cell"] += 1
                else:
                    outcomes[
                        check_input(data, audit=i % args.audit_every == 0, as_text=i % 11 == 0)
                    ] += 1
        except Hang:
            hangs += 1
            kind, tb = "hang", traceback.format_exc()
        except CellMismatch:
            kind, tb = "cell-invariant", traceback.format_exc()
        except Exception as exc:  # invariant (a): anything but GovkitError is a failure
            kind, tb = type(exc).__name__, traceback.format_exc()
        took = time.perf_counter() - t
        slowest = max(slowest, (took, i))
        if kind and tb:
            failures[kind] += 1
            if failures[kind] <= KEEP_PER_KIND:
                _save(out, kind, i, data, what, tb)
        if (i - args.start + 1) % args.every == 0:
            _progress(i - args.start + 1, t0, outcomes, failures, hangs)
    elapsed = time.perf_counter() - t0
    summary = {
        "seed": args.seed,
        "start": args.start,
        "inputs": args.inputs,
        "audited_every": args.audit_every,
        "elapsed_s": round(elapsed, 1),
        "inputs_per_s": round(args.inputs / elapsed, 1) if elapsed else None,
        "outcomes": dict(outcomes),
        "failures": dict(failures),
        "non_govkit_exceptions": sum(v for k, v in failures.items() if k != "hang"),
        "hangs": hangs,
        "slowest_s": round(slowest[0], 2),
        "slowest_input": slowest[1],
    }
    (out / f"summary-{args.seed}-{args.start}.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=1)
    )
    return summary


def _save(out: Path, kind: str, i: int, data: bytes, what: str, tb: str) -> None:
    (out / f"{kind}-{i}.bin").write_bytes(data)
    (out / f"{kind}-{i}.txt").write_text(f"input {i}\nmutations: {what}\n\n{tb}", encoding="utf-8")


def _progress(n: int, t0: float, outcomes, failures, hangs: int) -> None:
    rate = n / (time.perf_counter() - t0)
    print(
        f"{n} inputs, {rate:.1f}/s, outcomes {dict(outcomes)}, failures {dict(failures)}, hangs {hangs}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--inputs", type=int, default=1000, help="how many inputs to try")
    p.add_argument("--seed", type=int, default=0, help="run seed (input i depends on seed and i)")
    p.add_argument("--start", type=int, default=0, help="first input index (to split a run)")
    p.add_argument("--timeout", type=float, default=10.0, help="wall-clock seconds per input")
    p.add_argument(
        "--audit-every",
        type=int,
        default=1,
        help="also audit input i when i %% k == 0 and it reads (1 = all)",
    )
    p.add_argument(
        "--cells-every",
        type=int,
        default=4,
        help="input i is a one-cell mutation held to its own visible text when i %% k == 0 (0: never)",
    )
    p.add_argument("--every", type=int, default=1000, help="print progress every n inputs")
    p.add_argument("--out", default="fuzz/failures", help="folder for failing inputs and summary")
    args = p.parse_args(argv)
    summary = run(args)
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 1 if summary["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
