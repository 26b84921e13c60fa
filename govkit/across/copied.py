"""Copied text (文本重复): how much of a report's narrative also stands in the same agency's report of the
previous year, or in another agency's report of the same year.

The narrative is sections 一, 五 and 六, cut into sentences. Two sentences are the same when their
normalised forms (numbers → #, no punctuation, white space or list numbering) share at least
`THRESHOLD` of their character trigrams (Jaccard). Exact forms are joined with pandas; near ones are
found with MinHash LSH (datasketch), so 10,000 reports cost minutes, not all pairs.

Sentences the template itself prescribes are not copying. They are known two ways: the national
template's fixed wording (`TEMPLATE_PHRASES`), and, learned from the batch, any sentence that
reports of at least `boilerplate_agencies` different agencies share (default: 3, or 5% of the
agencies in the batch when that is more).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from govkit.textnorm import norm

SECTIONS = ("总体情况", "存在的主要问题及改进情况", "其他需要报告的事项")
THRESHOLD = 0.7  # a changed two-character word in a 30-character sentence still matches
MIN_CHARS = 12  # normalised characters: "无。" or "特此报告" says nothing about copying
NUM_PERM = 64
BAND = 4  # signature rows per LSH band: 16 bands catch pairs from a Jaccard of about 0.5 up
_CHUNK = 20_000
_ROW_GROUP = 2_048  # copied sentences per Parquet row group: a page reads one or two
TEMPLATE_PHRASES = re.compile(
    "|".join(
        [
            r"本报告.{0,30}根据.{0,20}政府信息公开条例",  # the prescribed opening
            r"本(?:年度)?报告.{0,20}(?:电子版|全文).{0,40}(?:下载|查阅|网站)",
            r"对本报告.{0,10}(?:疑问|意见)",
            r"本报告(?:中)?所列数据的?统计期限",
            r"^(?:特此|现予|予以)?(?:报告|公告)$",
        ]
    )
)
SENTENCE_COLUMNS = ["source", "agency", "year", "section", "pos", "text", "key"]

_SPLIT = re.compile(r"(?<=[。！？；!?;])|\n+")
_ENUM = re.compile(
    r"^\s*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]|[一二三四五六七八九十]+是|[①-⑳])\s*"
)
_DIGITS = r"\d+(?:[.,]\d+)*"
_NOT_WORD = r"[^\w#]|_"


def narrative(report) -> dict[str, str]:
    """The prose of sections 一, 五 and 六: all that copied-text detection needs of a report."""
    return {s: report.sections.get(s, "") for s in SECTIONS}


def sentences(report) -> pd.DataFrame:
    """One row per narrative sentence of one report: where it stands, its text and normalised key."""
    m = report.meta
    return sentence_table([(m.source, m.agency, m.year, narrative(report))])


def sentence_table(
    items: Iterable[tuple[str, str | None, int | None, dict[str, str]]],
) -> pd.DataFrame:
    """Sentences of many reports, given as (source, agency, year, narrative), normalised at once."""
    rows = [
        (str(source), agency or "", -1 if year is None else int(year), section, pos, text)
        for source, agency, year, prose in items
        for section in SECTIONS
        for pos, text in enumerate(
            t for t in (x.strip() for x in _SPLIT.split(prose.get(section, ""))) if t
        )
    ]
    df = pd.DataFrame(rows, columns=SENTENCE_COLUMNS[:-1])
    df = df.astype(
        {
            "source": "str",
            "agency": "str",
            "year": "int64",
            "section": "str",
            "pos": "int64",
            "text": "str",
        }
    )
    df["key"] = normalise(df["text"])
    return df


def normalise(text: pd.Series) -> pd.Series:
    """Numbers become #, list numbering, punctuation and white space go: 2023年 and 2024年 agree."""
    out = text.map(norm, na_action="ignore").astype("str")
    out = out.str.replace(_ENUM, "", regex=True)
    out = out.str.replace(_DIGITS, "#", regex=True)
    return out.str.replace(_NOT_WORD, "", regex=True)


@dataclass(frozen=True)
class Copying:
    """Every narrative sentence with what it matches, and per report the shares copied."""

    sentences: pd.DataFrame
    summary: pd.DataFrame

    def of(self, source: str) -> pd.DataFrame:
        """The copied sentences of one report (for its page), in reading order."""
        s = self.sentences
        return s[(s["source"] == source) & (s["copied"] != "")].sort_values(["section", "pos"])


def copied_text(
    reports: Iterable | pd.DataFrame,
    *,
    threshold: float = THRESHOLD,
    boilerplate_agencies: int | None = None,
) -> Copying:
    """Compare the narratives of many reports: from Report objects or a frame of `sentences()` rows.

    A sentence counts as copied from last year when the same agency's report of the year before
    (in this batch) has it, and from another agency when a report of a different agency of the same
    year has it; the first match found is named. Shares are of the narrative's characters, not
    counting boilerplate and sentences shorter than MIN_CHARS.
    """
    s = reports if isinstance(reports, pd.DataFrame) else _stack(reports)
    s = s.reset_index(drop=True)
    agencies = s.loc[s["agency"] != "", "agency"].nunique()
    if boilerplate_agencies is None:
        boilerplate_agencies = max(3, math.ceil(0.05 * agencies))
    counted = s["key"].str.len() >= MIN_CHARS
    s["chars"] = np.where(counted, s["text"].str.len(), 0)
    keys = pd.Index(s.loc[counted, "key"].unique())
    group = _similar_groups(keys, threshold)  # key -> id of its group of near-identical keys
    s["group"] = s["key"].map(pd.Series(group, index=keys)).fillna(-1).astype("int64")
    spread = s[s["group"] >= 0].groupby("group")["agency"].nunique()
    template = s["text"].map(norm).str.contains(TEMPLATE_PHRASES)
    s["boilerplate"] = counted & (
        template | s["group"].map(spread).fillna(0).ge(boilerplate_agencies)
    )
    live = counted & ~s["boilerplate"] & (s["agency"] != "") & (s["year"] >= 0)
    prev = _matches(s, live, year_shift=1, same_agency=True)
    other = _matches(s, live, year_shift=0, same_agency=False)
    s["from_previous_year"] = s.index.isin(prev.index)
    s["from_other_agency"] = s.index.isin(other.index)
    first = pd.concat([prev.assign(copied="previous_year"), other.assign(copied="other_agency")])
    first = first[~first.index.duplicated()]  # last year's own text is named before a neighbour's
    s = s.join(first[["copied", "match_source", "match_agency", "match_year", "match_text"]])
    s["copied"] = s["copied"].fillna("")
    return Copying(s.drop(columns=["group"]), _summary(s, live))


def write_copied(copying: Copying, folder: str | os.PathLike[str]) -> Path:
    """A batch's results for its pages: the copied sentences (Parquet) and per-report shares (CSV)."""
    from govkit.export import atomic_file, write_csv

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    copied = copying.sentences[copying.sentences["copied"] != ""]
    copied = copied.sort_values("source", kind="stable")  # a report's rows in few row groups
    with atomic_file(folder / "copied_sentences.parquet") as tmp:
        copied.to_parquet(tmp, index=False, row_group_size=_ROW_GROUP)
    write_csv(copying.summary, folder / "copied_summary.csv")
    return folder


def read_copied(folder: str | os.PathLike[str], source: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One report's part of what `write_copied` wrote, for its page: its copied sentences and its
    row of shares.

    Every page of a batch calls this, so it must not cost the whole batch's sentences each time:
    the file is sorted by source in row groups whose statistics let the filter skip the others
    (a page of a 5,000-report batch with 100,000 copied sentences: ~7 ms instead of ~150 ms).
    """
    folder = Path(folder)
    sentences = pd.read_parquet(
        folder / "copied_sentences.parquet", filters=[("source", "==", source)]
    )
    summary = pd.read_csv(folder / "copied_summary.csv", dtype={"source": str})
    return sentences, summary[summary["source"] == source]


def _stack(reports: Iterable) -> pd.DataFrame:
    return sentence_table(
        (r.meta.source, r.meta.agency, r.meta.year, narrative(r)) for r in reports
    )


def _shingles(key: str) -> set[bytes]:
    return {key[i : i + 3].encode() for i in range(len(key) - 2)}


def _signatures(keys: pd.Index) -> np.ndarray:
    """MinHash signatures (datasketch), one row per key, as a uint32 matrix (affine32 values)."""
    from datasketch import MinHash  # 0.5 s to import: paid only by batches that compare text

    out = np.empty((len(keys), NUM_PERM), dtype=np.uint32)
    for start in range(0, len(keys), _CHUNK):
        chunk = MinHash.bulk(
            (_shingles(k) for k in keys[start : start + _CHUNK]), num_perm=NUM_PERM
        )
        out[start : start + len(chunk)] = [m.hashvalues for m in chunk]
    return out


def _candidate_pairs(sig: np.ndarray) -> np.ndarray:
    """Pairs of rows that agree on all rows of at least one band (LSH banding, vectorised).

    datasketch's MinHashLSH keeps ~4 KB of Python objects per key (0.8 GB for 200,000 sentences);
    the same banding over the signature matrix with numpy sorts costs a few bytes per key.
    """
    pairs = []
    for b in range(0, NUM_PERM - BAND + 1, BAND):
        band = np.ascontiguousarray(sig[:, b : b + BAND]).view(f"V{4 * BAND}").ravel()
        order = np.argsort(band, kind="stable")
        new_run = np.concatenate(([True], band[order][1:] != band[order][:-1]))
        # each member of a run of equal bands is paired with the run's first member
        head = order[new_run][np.cumsum(new_run) - 1]
        pairs.append(np.column_stack((head, order))[~new_run])
    return np.unique(np.concatenate(pairs), axis=0) if pairs else np.empty((0, 2), dtype=np.int64)


def _similar_groups(keys: pd.Index, threshold: float) -> np.ndarray:
    """Group ids joining keys whose trigram Jaccard is at least `threshold`.

    Only distinct keys are indexed: copies with the same normalised form cost nothing extra. Each
    LSH candidate is checked first with the signatures' estimate, then with the exact Jaccard, so
    a group never joins two keys by a chance collision.
    """
    if len(keys) < 2:
        return np.arange(len(keys))
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    sig = _signatures(keys)
    pairs = _candidate_pairs(sig)
    estimate = (sig[pairs[:, 0]] == sig[pairs[:, 1]]).mean(axis=1)
    pairs = pairs[estimate >= threshold - 0.15]
    exact = np.fromiter(
        (_jaccard(_shingles(keys[i]), _shingles(keys[j])) for i, j in pairs),
        dtype=float,
        count=len(pairs),
    )
    pairs = pairs[exact >= threshold]
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(len(keys),) * 2)
    return connected_components(graph, directed=False)[1]


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _matches(s: pd.DataFrame, live: pd.Series, *, year_shift: int, same_agency: bool):
    """For each live sentence with a match of this kind, the first matching sentence (by index)."""
    cols = ["group", "agency", "year", "source", "text"]
    cand = s.loc[live, cols].drop_duplicates(["group", "agency", "year"])
    cand = cand.assign(year=cand["year"] + year_shift).rename(
        columns={"agency": "match_agency", "source": "match_source", "text": "match_text"}
    )
    me = s.loc[live, ["group", "agency", "year"]].reset_index()
    if same_agency:
        hits = me.merge(
            cand, left_on=["group", "agency", "year"], right_on=["group", "match_agency", "year"]
        )
    else:
        # two agencies per group and year are enough to find one that is not the sentence's own
        hits = me.merge(cand.groupby(["group", "year"]).head(2), on=["group", "year"])
        hits = hits[hits["agency"] != hits["match_agency"]]
    hits = hits.drop_duplicates("index").set_index("index")
    hits["match_year"] = (hits["year"] - year_shift).astype("Int64")
    return hits[["match_source", "match_agency", "match_year", "match_text"]]


def _summary(s: pd.DataFrame, live: pd.Series) -> pd.DataFrame:
    """Per report: narrative characters compared, and the shares copied from each kind of source."""
    chars = s["chars"].where(live, 0)
    t = pd.DataFrame(
        {
            "source": s["source"],
            "agency": s["agency"],
            "year": s["year"],
            "chars": chars,
            "previous_year": chars.where(s["from_previous_year"], 0),
            "other_agency": chars.where(s["from_other_agency"], 0),
            "copied": chars.where(s["copied"] != "", 0),
            "boilerplate": s["chars"].where(s["boilerplate"], 0),
        }
    )
    out = t.groupby(["source", "agency", "year"], sort=False, as_index=False).sum()
    den = out["chars"].where(out["chars"] > 0)
    out["share_previous_year"] = out["previous_year"] / den
    out["share_other_agency"] = out["other_agency"] / den
    out["share_copied"] = out["copied"] / den
    return out.sort_values("share_copied", ascending=False, na_position="last", ignore_index=True)
