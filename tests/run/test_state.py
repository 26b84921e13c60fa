"""govkit.run.state: the output folder's state file (which page came from which input bytes),
its lock, and the temporaries a killed run leaves, on tiny folders."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from conftest import SEED

from govkit.errors import GovkitError, InputError
from govkit.export import atomic_path
from govkit.run import state
from govkit.run.outcomes import Outcome, page_name
from govkit.run.state import STATE, page_done


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "in" / SEED.name
    path.parent.mkdir()
    shutil.copy(SEED, path)
    return path


def _page(out, name: str) -> None:
    (out / f"{name}.html").write_text("页")
    (out / f"{name}.ipynb").write_text("{}")
    (out / name / "report").mkdir(parents=True)


# ------------------------------------------------------------------------------ page_done


def test_a_rendered_page_is_recorded_on_disk(out):
    o = Outcome("/in/a.txt", status="read", page="a-1", digest="d1")
    memory: dict = {}
    page_done(o, "", out, memory)
    assert (o.status, o.executed) == ("rendered", True)
    on_disk = json.loads((out / STATE).read_text(encoding="utf-8"))
    assert on_disk == memory == {"pages": {"/in/a.txt": {"digest": "d1", "page": "a-1"}}}


def test_a_changed_input_replaces_its_old_page(out):
    _page(out, "a-old")
    _page(out, "b-1")
    memory = {"pages": {"/in/a.txt": {"digest": "d0", "page": "a-old"}}}
    page_done(Outcome("/in/a.txt", status="read", page="a-new", digest="d1"), "", out, memory)
    assert not (out / "a-old.html").exists() and not (out / "a-old.ipynb").exists()
    assert not (out / "a-old").exists()
    assert (out / "b-1.html").exists() and (out / "b-1").is_dir()  # another input's page stays


def test_a_rerendered_page_under_the_same_name_is_kept(out):
    _page(out, "a-1")
    memory = {"pages": {"/in/a.txt": {"digest": "d0", "page": "a-1"}}}
    page_done(Outcome("/in/a.txt", status="read", page="a-1", digest="d1"), "", out, memory)
    assert (out / "a-1.html").exists() and (out / "a-1").is_dir()
    assert memory["pages"]["/in/a.txt"]["digest"] == "d1"


def test_a_failed_page_is_not_recorded(out):
    memory = {"pages": {"/in/a.txt": {"digest": "d0", "page": "a-1"}}}
    o = Outcome("/in/a.txt", status="read", page="a-1", digest="d1")
    page_done(o, "notebook 执行失败 / notebook error: KeyError: x", out, memory)
    assert (o.status, o.stage, o.executed) == ("failed", "notebook", True)
    assert o.reason.startswith("notebook 执行失败")
    assert memory["pages"]["/in/a.txt"]["digest"] == "d0"  # the old page still describes its input
    assert not (out / STATE).exists()


# -------------------------------------------------------------------------------- loading


@pytest.mark.parametrize(
    ("text", "loaded"),
    [
        (None, {"pages": {}}),
        ("{not json", {"pages": {}}),
        ("[1, 2]", {"pages": {}}),
        ('{"overview": "x", "pages": []}', {"pages": {}}),  # damaged: everything redone
        ('{"overview": "x", "pages": {"a": {}}}', {"overview": "x", "pages": {"a": {}}}),
    ],
)
def test_a_missing_or_damaged_state_file_means_nothing_is_done(out, text, loaded):
    if text is not None:
        (out / STATE).write_text(text, encoding="utf-8")
    assert state._load_state(out) == loaded


def test_state_round_trips_chinese_paths(out):
    memory = {"pages": {"/数据/平潭.txt": {"digest": "d", "page": "p"}}, "overview": "o"}
    state._save_state(memory, out)
    assert state._load_state(out) == memory
    assert "平潭" in (out / STATE).read_text(encoding="utf-8")  # readable, not \\u escapes


# ------------------------------------------------------------------------ digest, pending


def test_digest_follows_the_input_bytes_and_its_manifest_row(report):
    first = state._digest(report, {"agency": "甲", "year": 2020})
    assert state._digest(report, {"year": 2020, "agency": "甲"}) == first  # key order
    assert state._digest(report, {"agency": "乙", "year": 2020}) != first
    assert state._digest(report, None) == state._digest(report, {})
    report.write_bytes(report.read_bytes() + b"\n")
    assert state._digest(report, {"agency": "甲", "year": 2020}) != first


def test_pending_counts_inputs_without_an_up_to_date_page(report, out, tmp_path):
    other = report.with_name("other.txt")
    shutil.copy(report, other)
    fifo = tmp_path / "in" / "pipe.txt"
    os.mkfifo(fifo)
    paths = [report, other, fifo]
    assert state._pending(paths, {}, {"pages": {}}, out) == 2  # the FIFO never gets a page
    page = page_name(report)
    (out / f"{page}.html").write_text("页")
    done = {"pages": {str(report): {"digest": state._digest(report, None), "page": page}}}
    assert state._pending(paths, {}, done, out) == 1
    # a manifest row for the input changes what its page depends on
    man = {report.resolve(): {"agency": "甲"}}
    assert state._pending(paths, man, done, out) == 2
    (out / f"{page}.html").unlink()  # recorded but gone
    assert state._pending(paths, {}, done, out) == 2


# ------------------------------------------------------------------- lock and temporaries


def test_a_second_batch_on_the_same_folder_is_refused(out, monkeypatch):
    monkeypatch.setattr(state, "LOCK_WAIT", 0.3)
    with (
        state._folder_lock(out),
        pytest.raises(InputError, match="another govkit batch") as info,
        state._folder_lock(out),
    ):
        pass
    assert isinstance(info.value, GovkitError)
    with state._folder_lock(out):  # released: the next batch gets it
        pass


def test_temporaries_are_removed_before_and_after_a_failed_run(out):
    old = atomic_path(out / "index.html")  # left by a killed run
    keep = out / "index.html"
    keep.write_text("完整")
    with state._no_leftovers(out):
        assert not old.exists() and keep.exists()
    with pytest.raises(OSError), state._no_leftovers(out):
        atomic_path(out / "findings.xlsx")
        raise OSError("disk full")
    assert not list(out.glob(".*.tmp*")) and keep.read_text() == "完整"


def test_a_finished_run_leaves_its_finished_files(out):
    with state._no_leftovers(out):
        (out / "outcomes.csv").write_text("a")
    assert (out / "outcomes.csv").exists()
