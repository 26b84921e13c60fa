"""govkit.run.batch at unit level: the checks a batch makes before any work, and reading and
auditing a tiny folder into one outcome per input (the whole batch with pages is in
tests/integration/test_batch_*.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import DATA, SEED

from govkit.errors import GovkitError, UsageError
from govkit.run import batch
from govkit.run.batch import check_jobs, check_output_folder, existing_sources
from govkit.run.many import read_paths

HTML = DATA / "2020_ninghe_zaojiachengzhen.html"  # the seed, saved from the web page


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The seed as text and as HTML (one report twice), a README, a FIFO and a fake PDF."""
    root = tmp_path_factory.mktemp("in")
    shutil.copy(SEED, root / "a_seed.txt")
    shutil.copy(HTML, root / "b_seed.html")
    shutil.copy(DATA / "2023_pingtan.txt", root / "c_pingtan.txt")
    shutil.copy(DATA / "README.md", root / "README.md")
    os.mkfifo(root / "d_pipe.txt")
    (root / "e_broken.pdf").write_bytes(b"%PDF-1.4\n%broken, no objects\n")
    return root


def _paths(folder: Path) -> list[Path]:
    return sorted(folder.iterdir())


def check_inputs(paths: list[Path], man: dict, jobs: int, *, audit: bool = True):
    """What a batch makes of its inputs: read_paths, then each read report's page and digest."""
    many = read_paths(paths, man, audit=audit, jobs=jobs)
    batch._name_pages(many.outcomes, man)
    return many.outcomes, many.kept, many.timing


@pytest.fixture(scope="module")
def checked(folder):
    return check_inputs(_paths(folder), {}, 2)


# ------------------------------------------------------------------------ before any work


@pytest.mark.parametrize("jobs", [None, 1, 8])
def test_jobs_that_are_fine(jobs):
    check_jobs(jobs)


@pytest.mark.parametrize("jobs", [0, -3])
def test_jobs_below_one_are_a_usage_error(jobs):
    with pytest.raises(UsageError) as info:
        check_jobs(jobs)
    assert f"--jobs 必须是正整数，收到 {jobs}" in str(info.value)
    assert "positive integer" in str(info.value)


def test_an_output_folder_that_does_not_exist_yet_is_fine(tmp_path):
    check_output_folder(tmp_path / "a" / "b" / "out")
    assert not (tmp_path / "a").exists()  # checked, not made
    check_output_folder(tmp_path)  # an existing folder
    assert not list(tmp_path.glob(".govkit-probe-*"))  # the write probe is removed


def test_an_output_that_is_a_file_is_refused(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(UsageError, match="输出位置是一个文件") as info:
        check_output_folder(afile)
    assert info.value.source == str(afile)
    # a folder that would have to be made inside a file cannot be written either
    with pytest.raises(UsageError, match="输出文件夹无法写入"):
        check_output_folder(afile / "out")


def test_sources_that_exist_are_given_back(folder):
    assert existing_sources(folder) == folder
    files = [folder / "a_seed.txt", str(folder / "c_pingtan.txt")]
    assert existing_sources(files) == files
    assert existing_sources(str(folder / "*.txt")) == str(
        folder / "*.txt"
    )  # a glob: expanded later
    link = folder.parent / "dangling"
    link.symlink_to(folder.parent / "nowhere")
    try:
        assert existing_sources(link) == link  # reported per input later, not refused here
    finally:
        link.unlink()


def test_a_missing_source_is_a_usage_error_naming_it(folder):
    missing = folder / "nowhere.txt"
    with pytest.raises(UsageError, match="路径不存在") as info:
        existing_sources([folder / "a_seed.txt", missing])
    assert isinstance(info.value, GovkitError)
    assert str(missing) in str(info.value)
    assert "data/" not in str(info.value)  # the hint is for the default only


def test_a_missing_default_source_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="未给出路径时读取当前文件夹的 data/"):
        existing_sources(batch.DEFAULT_SOURCE)


# ---------------------------------------------------------------------- reading a folder


def test_every_input_has_one_outcome_in_input_order(folder, checked):
    outcomes, _kept, _timing = checked
    assert [Path(o.source).name for o in outcomes] == [p.name for p in _paths(folder)]
    status = {Path(o.source).name: o.status for o in outcomes}
    assert status["README.md"] == "not_report"
    assert status["d_pipe.txt"] == "failed" and status["e_broken.pdf"] == "failed"
    assert status["c_pingtan.txt"] == "read"
    # the seed twice: one read, the other a duplicate naming it
    seed = sorted(status[n] for n in ("a_seed.txt", "b_seed.html"))
    assert seed == ["duplicate", "read"]


def test_unreadable_inputs_say_why(checked):
    outcomes, _kept, _timing = checked
    by_name = {Path(o.source).name: o for o in outcomes}
    pipe, pdf = by_name["d_pipe.txt"], by_name["e_broken.pdf"]
    assert pipe.stage == "read" and "命名管道（FIFO）" in pipe.reason  # never opened
    assert pdf.stage == "read" and pdf.reason.startswith("PDF 已损坏")
    assert by_name["README.md"].reason.startswith("不是年度报告")


def test_a_duplicate_names_the_report_kept(checked):
    outcomes, kept, _timing = checked
    (dup,) = [o for o in outcomes if o.status == "duplicate"]
    (same,) = [o for o in outcomes if o.source == dup.duplicate_of]
    assert same.status == "read" and {Path(dup.source).name, Path(same.source).name} == {
        "a_seed.txt",
        "b_seed.html",
    }
    assert dup.page == "" and dup.errors is None  # no page, not counted on its own
    assert dup.source not in {str(c.path) for c in kept}
    assert len(kept) == 2  # the seed once and pingtan


def test_read_reports_carry_the_agencys_counts_and_a_page(checked):
    outcomes, _kept, timing = checked
    by_name = {Path(o.source).name: o for o in outcomes}
    pingtan = by_name["c_pingtan.txt"]
    assert (pingtan.agency, pingtan.year, pingtan.template) == ("平潭综合实验区", 2023, "2021")
    # pingtan's only warning is a reading note: not the agency's
    assert (pingtan.errors, pingtan.warnings) == (0, 0)
    seed = next(o for o in outcomes if o.status == "read" and o.agency == "宁河区造甲城镇人民政府")
    # three broken identities, their diagnosis, and 本年增/减 printed "增"; 上年结转 blank
    assert (seed.errors, seed.warnings) == (5, 1)
    assert pingtan.page.startswith("c_pingtan-") and len(pingtan.digest) == 16
    assert set(timing) == {"read_audit", "read", "audit", "dedupe", "across"}
    assert timing["read_audit"] > 0


def test_read_only_leaves_counts_blank(folder):
    outcomes, kept, _timing = check_inputs([folder / "c_pingtan.txt"], {}, 1, audit=False)
    (o,) = outcomes
    assert o.status == "read" and o.errors is None and o.warnings is None
    assert kept[0].findings is None


def test_a_manifest_row_overrides_what_the_report_says(folder):
    path = folder / "c_pingtan.txt"
    man = {path.resolve(): {"agency": "平潭综合实验区管委会", "year": 2023}}
    (o,), _kept, _timing = check_inputs([path], man, 1)
    assert o.agency == "平潭综合实验区管委会"
    (plain,), _kept, _timing = check_inputs([path], {}, 1)
    assert plain.digest != o.digest  # the page depends on the manifest row


def test_read_and_audit_gives_the_findings_of_distinct_reports(folder):
    many = read_paths(_paths(folder), {}, audit=True, jobs=2)
    outcomes, findings, kept = many.outcomes, many.findings, many.kept
    sources = set(findings["source"])
    assert sources == {str(c.report.meta.source) for c in kept}
    (dup,) = [o for o in outcomes if o.status == "duplicate"]
    assert dup.source not in sources
    seed = findings[findings["agency"] == "宁河区造甲城镇人民政府"]
    agency = seed[seed["kind"] == "agency"]
    assert (agency["severity"] == "error").sum() == 5


def _no_kernel(out: str, sockets: str) -> None:
    """A page worker's start without its kernel: only the pool's size is looked at."""


def test_page_workers_default_to_the_usable_cores(monkeypatch, tmp_path):
    """Without --jobs, one page worker (and kernel, ~150 MB) per core this process may use, not
    per core of the host (a container's quota, taskset), and never more than the pages."""
    monkeypatch.setattr(batch, "start_worker", _no_kernel)
    monkeypatch.setattr(batch, "usable_cores", lambda: 1)
    with batch._kernel_pool(None, 5, tmp_path) as pool:
        assert pool._processes == 1
    monkeypatch.setattr(batch, "usable_cores", lambda: 3)
    with batch._kernel_pool(None, 2, tmp_path) as pool:
        assert pool._processes == 2
    with batch._kernel_pool(4, 9, tmp_path) as pool:
        assert pool._processes == 4
