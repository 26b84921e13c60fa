"""govkit.cli.main: each sub-command's output and exit code on one small input, and the usage
errors and exit codes the module docstring promises (0 ok, 1 errors found, 2 unreadable, 3 usage,
4 output not written, 130 interrupted).

Folders of mixed inputs and the batch are in tests/integration/test_exit_codes.py and
test_batch_cli.py; here: one report at a time, what is printed and written, and every branch of
main's error handling.
"""

from __future__ import annotations

import argparse
import errno
import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from govkit import export
from govkit.cli import FOUND_ERRORS, OK, OUTPUT, UNREADABLE, USAGE, main
from tests.conftest import ROOT, SEED, corpus_file

AGENCY = "宁河区造甲城镇人民政府"  # the seed's title line names it; year 2020, 2019 template


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    cap = capsys.readouterr()
    assert "Traceback" not in cap.out + cap.err
    return code, cap.out, cap.err


def test_exit_code_values_are_the_documented_ones():
    assert (OK, FOUND_ERRORS, UNREADABLE, USAGE, OUTPUT) == (0, 1, 2, 3, 4)


# ---------------------------------------------------------------- usage


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["read", "--frobnicate"],
        ["audit", str(SEED), "--jobs", "two"],
        ["read", str(SEED), "--to", "csv"],
    ],
    ids=["no-command", "unknown-option", "jobs-not-a-number", "to-without-file"],
)
def test_bad_command_lines_are_one_line_usage_errors(argv, capsys):
    code, out, err = _run(capsys, *argv)
    assert code == USAGE and out == ""
    assert err.count("\n") == 1 and err.startswith("✗ 命令行用法错误：") and "usage error:" in err


def test_help_exits_0_and_names_the_exit_codes(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "退出码" in out and all(w in out for w in ("read", "audit", "batch"))


def test_missing_manifest_is_a_usage_error(tmp_path, capsys):
    code, _out, err = _run(capsys, "read", str(SEED), "--manifest", str(tmp_path / "no.csv"))
    assert code == USAGE and "清单文件不存在" in err and "no.csv" in err


def test_output_that_is_a_folder_is_refused_before_reading(tmp_path, capsys):
    code, out, err = _run(capsys, "read", str(SEED), "--to", "csv", str(tmp_path))
    assert code == USAGE and "输出位置是一个文件夹" in err and out == ""


def test_interrupt_exits_130(monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", interrupted)
    code, _out, err = _run(capsys, "read", str(SEED))
    assert code == 130 and "已中断" in err and "interrupted" in err


# ---------------------------------------------------------------- read


def test_read_prints_the_three_tables_of_the_report(capsys):
    """The seed prints 行政处罚 上一年 11, 本年增/减 “增”, 处理决定 20 (data/…txt lines 54-57)."""
    code, out, _err = _run(capsys, "read", str(SEED))
    assert code == OK
    assert out.count("\n=== ") == 1 and f"=== {AGENCY} 2020 年度 · 2019 版模板 · {SEED}" in out
    line = next(x for x in out.splitlines() if x.startswith("第二十条第（六）项/行政处罚"))
    assert line.split()[1:] == ["11", "增", "20"]
    assert "一、本年新收政府信息公开申请数量" in out and "行政复议/总计" in out


def test_read_to_csv_writes_every_cell_and_says_so(tmp_path, capsys):
    out_file = tmp_path / "cells.csv"
    code, out, _err = _run(capsys, "read", str(SEED), "--to", "csv", str(out_file))
    cells = pd.read_csv(out_file, dtype=str)
    assert code == OK and f"已写入 {out_file}：1 份报告，{len(cells)} 个单元格" in out
    punish = cells[
        (cells["row"] == "第二十条第（六）项/行政处罚") & (cells["col"] == "上一年项目数量")
    ]
    assert punish["raw"].tolist() == ["11"]
    assert "===" not in out  # the tables are written, not printed


def test_read_with_a_manifest_takes_its_agency_and_skips_the_manifest(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    manifest = folder / "清单.csv"
    manifest.write_text("path,agency,year\nseed.txt,测试镇人民政府,2020\n", encoding="utf-8")
    code, out, err = _run(capsys, "read", str(folder), "--manifest", str(manifest))
    assert code == OK and out.count("\n=== ") == 1
    assert "=== 测试镇人民政府 2020 年度" in out and AGENCY not in out
    assert "清单" not in err  # the manifest is not an input


def test_read_an_unreadable_file_exits_2_naming_it(tmp_path, capsys):
    cut = tmp_path / "cut.docx"
    cut.write_bytes(b"PK\x03\x04 cut short")
    code, out, err = _run(capsys, "read", str(cut), str(SEED))
    assert code == UNREADABLE and out.count("\n=== ") == 1
    assert "cut.docx" in err and "zip" in err


def test_read_to_a_file_when_no_input_could_be_read(tmp_path, capsys):
    cut = tmp_path / "cut.docx"
    cut.write_bytes(b"PK\x03\x04 cut short")
    code, _out, err = _run(capsys, "read", str(cut), "--to", "csv", str(tmp_path / "cells.csv"))
    assert code == UNREADABLE and "cut.docx" in err
    assert not (tmp_path / "cells.csv").exists()  # no cells: no file


def test_read_to_a_file_in_the_input_folder_does_not_read_it_back(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    out_file = folder / "cells.csv"
    for _ in range(2):  # the second run finds cells.csv in the folder
        code, out, err = _run(capsys, "read", str(folder), "--to", "csv", str(out_file))
        assert code == OK and "1 份报告" in out and "cells.csv" not in err


def test_write_failure_while_writing_exits_4(tmp_path, monkeypatch, capsys):
    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export, "write_cells", disk_full)
    out_file = tmp_path / "cells.csv"
    code, _out, err = _run(capsys, "read", str(SEED), "--to", "csv", str(out_file))
    assert code == OUTPUT and "无法写入" in err and "No space left" in err and str(out_file) in err


# ---------------------------------------------------------------- audit


def test_audit_prints_errors_and_warnings_not_info(capsys):
    """The seed's （七）总计/总计 is printed 0 while 本年新收 总计 is 1: errors, exit 1."""
    code, out, _err = _run(capsys, "audit", str(SEED), "--jobs", "1")
    assert code == FOUND_ERRORS
    assert f"=== {AGENCY} 2020 · {SEED}" in out
    assert "[错误]" in out and "[警告]" in out and "（七）总计/总计" in out
    assert "757000" not in out  # an info finding (采购总金额 without unit) is not shown
    assert "1 个文件 = 报告 1 份" in out


def test_audit_to_json_writes_the_findings(tmp_path, capsys):
    out_file = tmp_path / "f.json"
    code, out, _err = _run(capsys, "audit", str(SEED), "--jobs", "1", "--to", "json", str(out_file))
    findings = json.loads(out_file.read_text(encoding="utf-8"))
    assert code == FOUND_ERRORS and f"已写入 {out_file}" in out and "[错误]" not in out
    assert {f["source"] for f in findings} == {str(SEED)}
    errors = [f for f in findings if f["severity"] == "error"]
    assert any(f["row"] == "总计" and f["col"] == "总计" for f in errors)
    assert {"info", "warning", "error"} == {f["severity"] for f in findings}  # the file has all


def test_audit_of_a_clean_report_exits_0(tmp_path, capsys):
    out_file = tmp_path / "f.csv"
    code, _out, _err = _run(
        capsys,
        "audit",
        str(corpus_file("2023_pingtan.page.html")),
        "--jobs",
        "1",
        "--to",
        "csv",
        str(out_file),
    )
    assert code == OK and out_file.exists()


def test_audit_write_failure_exits_4(tmp_path, monkeypatch, capsys):
    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export, "write_csv", disk_full)
    code, _out, err = _run(
        capsys, "audit", str(SEED), "--jobs", "1", "--to", "csv", str(tmp_path / "f.csv")
    )
    assert code == OUTPUT and "无法写入" in err


def test_audit_timings_only_when_asked(monkeypatch, capsys):
    """GOVKIT_TIMINGS (for benchmarks/bench_batch.py) adds one line on stderr; without it, none."""
    assert "timings:" not in _run(capsys, "audit", str(SEED), "--jobs", "1")[2]
    monkeypatch.setenv("GOVKIT_TIMINGS", "1")
    err = _run(capsys, "audit", str(SEED), "--jobs", "1")[2]
    assert err.count("timings: read+audit") == 1


def test_audit_of_nothing_to_audit_exits_3(tmp_path, capsys):
    (tmp_path / "README").write_text("说明", encoding="utf-8")
    code, _out, err = _run(capsys, "audit", str(tmp_path), "--jobs", "1")
    assert code == USAGE and "没有找到报告文件" in err


# ---------------------------------------------------------------- batch and python -m govkit


def test_batch_without_notebooks_writes_outcomes_and_says_where(tmp_path, capsys):
    out = tmp_path / "out"
    code, stdout, _err = _run(
        capsys, "batch", str(SEED), "--out", str(out), "--no-notebooks", "--jobs", "1"
    )
    assert code == FOUND_ERRORS and f"结果见 {out / 'index.html'}" in stdout
    outcomes = pd.read_csv(out / "outcomes.csv")
    assert outcomes["status"].tolist() == ["read"] and outcomes["agency"].tolist() == [AGENCY]


def test_python_dash_m_govkit_runs_main():
    done = subprocess.run(
        [sys.executable, "-m", "govkit", "read", "--frobnicate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == USAGE and "usage error" in done.stderr
