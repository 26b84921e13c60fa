"""Batch and CLI: every input file appears in the outcome, bad ones with their reason."""

from __future__ import annotations

import shutil

import nbformat
import pandas as pd
import pytest

from govkit.cli import main
from govkit.run import kernels
from govkit.run.batch import run_batch
from govkit.run.kernels import notebook_path
from govkit.run.pages import run_notebook
from tests.conftest import DATA, SEED, corpus_file, python_notebook


@pytest.fixture()
def mixed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    shutil.copy(corpus_file("2018_pingtan.txt"), folder / "old.txt")
    (folder / "seed_gbk.txt").write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    return folder


def test_batch_counts_and_reasons(mixed, tmp_path):
    out = run_batch(mixed, tmp_path / "out", notebooks=False, progress=False)
    assert len(out) == 5
    status = dict(
        zip(out["source"].map(lambda s: s.rsplit("/", 1)[-1]), out["status"], strict=True)
    )
    assert status == {
        "seed.txt": "read",
        "seed_gbk.txt": "duplicate",  # the same report in another encoding
        "empty.txt": "failed",
        "binary.txt": "not_report",
        "old.txt": "failed",
    }
    reasons = dict(
        zip(out["source"].map(lambda s: s.rsplit("/", 1)[-1]), out["reason"], strict=True)
    )
    assert "文件为空" in reasons["empty.txt"]
    assert "不是年度报告：这是二进制数据" in reasons["binary.txt"]
    assert "2019 年以前" in reasons["old.txt"]
    dup = out[out["status"] == "duplicate"].iloc[0]
    assert dup["duplicate_of"] == str(mixed / "seed.txt") and dup["page"] == ""
    assert pd.isna(dup["errors"]) and pd.isna(dup["warnings"])  # not audited: blank, not 0
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    for name in status:
        assert name in index
    assert (tmp_path / "out" / "findings.xlsx").exists()
    findings = pd.read_excel(tmp_path / "out" / "findings.xlsx", sheet_name="全部")
    assert set(findings["来源文件"]) == {str(mixed / "seed.txt")}  # the duplicate counted once


def test_cli_audit_exit_codes(mixed, capsys):
    assert main(["audit", str(SEED)]) == 1  # the seed has errors
    assert main(["audit", str(mixed)]) == 2  # some inputs unreadable
    assert "（七）总计/总计" in capsys.readouterr().out


def test_cli_read_exports(tmp_path):
    for fmt in ("csv", "xlsx", "parquet"):
        out = tmp_path / f"cells.{fmt}"
        assert main(["read", str(DATA / "2023_pingtan.txt"), "--to", fmt, str(out)]) == 0
        assert out.stat().st_size > 0


def test_agency_notebook_on_seed(tmp_path):
    out = tmp_path / "seed.ipynb"
    run_notebook(
        notebook_path("agency_audit.ipynb"),
        out,
        {"report_path": str(SEED), "output_dir": str(tmp_path / "figs")},
        tmp_path,
    )
    nb = nbformat.read(out, as_version=4)
    text = "".join(
        str(o.get("text", ""))
        + str(o.get("data", {}).get("text/markdown", ""))
        + str(o.get("data", {}).get("text/html", ""))
        for c in nb.cells
        for o in c.get("outputs", [])
    )
    assert "（七）总计/总计 应为 1" in text
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 4
    html = out.with_suffix(".html").read_text(encoding="utf-8")
    assert "data:image/png;base64" in html and "宁河区造甲城镇人民政府" in html
    assert {p.name for p in (tmp_path / "figs").glob("*.png")} >= {"outcomes.png", "applicants.png"}


def test_kernels_use_ipc_and_keep_no_history(tmp_path, capfd):
    """No "Kernel is running over TCP without encryption" in the middle of the progress bar, and
    no report paths in the user's ~/.ipython history."""
    probe = tmp_path / "probe.ipynb"
    python_notebook(probe, "hm = get_ipython().history_manager\nprint(hm.enabled, hm.hist_file)")
    try:
        for warm in (False, True):
            kernels.execute(probe, tmp_path / "out.ipynb", {}, tmp_path, warm=warm)
            out = nbformat.read(tmp_path / "out.ipynb", as_version=4).cells[0].outputs[0]["text"]
            assert out.split() == ["False", ":memory:"]
        assert kernels.warm_kernel(tmp_path).transport == "ipc"
    finally:
        kernels.stop_kernel()
    assert "without encryption" not in capfd.readouterr().err
    assert not list(tmp_path.glob("kernel-ipc*"))  # sockets live in a private temp folder
