"""The batch's questions across reports: copied text written for the pages, the review file kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pandas as pd

from govkit.audit import reviews
from govkit.run import batch, pages
from govkit.run.batch import run_batch
from govkit.run.kernels import notebook_path
from govkit.run.pages import run_notebook
from govkit.run.results import results_dir
from tests.conftest import SEED, corpus_file


def test_batch_writes_copied_text_and_a_review_file_that_later_runs_honour(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for year in (2019, 2020):
        shutil.copy(corpus_file(f"{year}_pingtan.txt"), src)
    shutil.copy(SEED, src)
    out = tmp_path / "out"
    first = run_batch(src, out, notebooks=False, progress=False)
    copied = pd.read_parquet(out / "copied" / "copied_sentences.parquet")
    assert set(copied["source"]) == {str(src / "2020_pingtan.txt")}
    assert (copied["match_source"] == str(src / "2019_pingtan.txt")).all()
    summary = pd.read_csv(out / "copied" / "copied_summary.csv")
    share = summary.set_index("source")["share_previous_year"]
    assert share[str(src / "2020_pingtan.txt")] > 0.03 and share[str(src / SEED.name)] == 0

    # every agency finding is listed for review, decision blank
    table = reviews.read_reviews(out / "reviews.csv")
    seed_errors = first.loc[first["source"] == str(src / SEED.name), "errors"].item()
    mine = table[table["agency"] == "宁河区造甲城镇人民政府"]
    assert len(mine) >= seed_errors > 0 and (mine["decision"] == "").all()

    # an officer marks the seed's errors as checked: the next run leaves them out of the counts
    errors = mine[mine["rule"].isin(["requests.balance", "requests.results_total"])]
    table.loc[errors.index, "decision"] = "已核实"
    reviews.write_reviews(table, out / "reviews.csv")
    again = run_batch(src, out, notebooks=False, progress=False)
    after = again.loc[again["source"] == str(src / SEED.name), "errors"].item()
    assert after == seed_errors - len(errors)
    assert len(reviews.read_reviews(out / "reviews.csv")) == len(table)  # nothing added twice


def test_the_overview_shows_the_batchs_own_comparison(tmp_path, monkeypatch):
    """The overview is handed out/copied/ (compared once for the pages) and shows those shares
    instead of comparing the reports again."""
    src = tmp_path / "in"
    src.mkdir()
    for year in (2019, 2020):
        shutil.copy(corpus_file(f"{year}_pingtan.txt"), src)
    out = tmp_path / "out"
    given: dict[str, dict] = {}

    def fake(notebook, out_ipynb, params, cwd, *, warm=False):
        given[notebook.name] = params
        nbformat.write(nbformat.v4.new_notebook(), out_ipynb)
        out_ipynb.with_suffix(".html").write_text("<html></html>", encoding="utf-8")

    monkeypatch.setattr(batch, "run_notebook", fake)
    monkeypatch.setattr(pages, "run_notebook", fake)
    table = run_batch(src, out, progress=False)
    params = given["batch_overview.ipynb"]
    assert Path(params["copied_dir"]) == (out / "copied").resolve()

    # the real overview on those results, with the batch's shares doctored: it shows them
    shares = pd.read_csv(out / "copied" / "copied_summary.csv", dtype={"source": str})
    shares["share_copied"] = 0.77
    doctored = tmp_path / "copied"
    doctored.mkdir()
    shares.to_csv(doctored / "copied_summary.csv", index=False)
    params |= {"copied_dir": str(doctored), "output_dir": str(tmp_path / "overview")}
    params["results"] = [str(results_dir(out, p)) for p in table["page"] if p]
    run_notebook(notebook_path("batch_overview.ipynb"), tmp_path / "o.ipynb", params, tmp_path)
    shown = pd.read_csv(tmp_path / "overview" / "copied_summary.csv")
    assert (shown["share_copied"] == 0.77).all() and len(shown) == 2


def test_each_page_shows_its_own_copied_sentences(tmp_path):
    """The pages read out/copied/ filtered to their report: 2020's page lists the sentences it
    shares with 2019's report, 2019's page (nothing earlier in the batch) lists none of them."""
    import html

    from govkit.run.outcomes import page_name

    src = tmp_path / "in"
    src.mkdir()
    for year in (2019, 2020):
        shutil.copy(corpus_file(f"{year}_pingtan.txt"), src)
    out = tmp_path / "out"
    run_batch(src, out, jobs=1, progress=False)
    copied = pd.read_parquet(out / "copied" / "copied_sentences.parquet")
    shown = html.escape(copied["text"].iloc[0], quote=False)
    later = (out / f"{page_name(src / '2020_pingtan.txt')}.html").read_text(encoding="utf-8")
    first = (out / f"{page_name(src / '2019_pingtan.txt')}.html").read_text(encoding="utf-8")
    assert "与本机关上一年度报告相同" in later and shown in later
    assert "没有发现与其他报告相同的句子" in first and shown not in first


def test_pages_show_the_officers_decisions_from_the_decided_rows_only(tmp_path):
    """A page applies the review file's decided rows, which the batch writes apart for its pages
    (the whole file lists every finding of the batch, and each page would read it)."""
    from govkit.run.outcomes import page_name
    from govkit.run.pages import DECIDED

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src)
    shutil.copy(corpus_file("2019_pingtan.txt"), src)
    out = tmp_path / "out"
    run_batch(src, out, jobs=1, progress=False)
    table = reviews.read_reviews(out / "reviews.csv")
    assert len(reviews.read_reviews(out / DECIDED)) == 0 < len(table)
    seed = table["agency"] == "宁河区造甲城镇人民政府"
    pick = table.index[seed & (table["rule"] == "requests.balance")]
    table.loc[pick, ["decision", "note"]] = ["已核实", "原表如此，已电话核实"]
    reviews.write_reviews(table, out / "reviews.csv")
    run_batch(src, out, jobs=1, progress=False)
    decided = reviews.read_reviews(out / DECIDED)
    assert decided["fingerprint"].tolist() == table.loc[pick, "fingerprint"].tolist()
    page = (out / f"{page_name(src / SEED.name)}.html").read_text(encoding="utf-8")
    assert "<b>已复核</b>：已核实（原表如此，已电话核实）" in page
    params = nbformat.read(out / f"{page_name(src / SEED.name)}.ipynb", as_version=4).metadata
    assert params["papermill"]["parameters"]["reviews_path"] == str((out / DECIDED).resolve())
