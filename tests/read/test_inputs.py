"""Every file of an input folder is accounted for exactly once, and the summary adds up.

Real reports under the names government sites serve (no extension, content.jsp, download.do?id=7),
broken files, non-reports, a FIFO, a link to a device, a hidden file, a manifest, and the batch's
own output folder inside the input folder.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from govkit.read.inputs import list_inputs, not_report, unreadable
from govkit.run.batch import run_batch
from govkit.run.outcomes import counts, page_name, summary_line
from tests.conftest import DATA, SEED, corpus_file

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


@pytest.fixture()
def messy(tmp_path: Path) -> Path:
    src = tmp_path / "downloads"
    (src / "sub").mkdir(parents=True)
    shutil.copy(SEED, src / "宁河区造甲城镇2020年报告")  # a report saved without an extension
    shutil.copy(corpus_file("2023_pingtan.page.html"), src / "content.jsp")
    shutil.copy(corpus_file("2023_pingtan.txt"), src / "2023_pingtan.txt")  # same report as .jsp
    shutil.copy(DATA / "2024_shanghai_kewei.md", src / "sub" / "download.do?id=7")
    shutil.copy(corpus_file("2018_pingtan.txt"), src / "x.bin")  # pre-2019: a report that fails
    (src / "empty.txt").write_bytes(b"")
    (src / "cut.html").write_text("<html><body><h1>404 Not Found</h1></body></html>")
    (src / "README").write_text("这里是从政府网站下载的年度报告。\n", encoding="utf-8")
    (src / "logo.png").write_bytes(PNG + bytes(200))
    (src / "noise").write_bytes(os.urandom(4096))
    (src / "list.csv").write_text("path,agency,year\ncontent.jsp,平潭综合实验区,2023\n")
    (src / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")  # hidden: not an input
    os.mkfifo(src / "pipe")
    (src / "null").symlink_to("/dev/null")
    return src


def test_a_messy_folder_lists_every_file_once_and_the_summary_adds_up(messy: Path) -> None:
    out = messy / "审核结果"  # --out inside the input folder: never read as input
    first = run_batch(messy, out, notebooks=False, progress=False)
    table = run_batch(messy, out, notebooks=False, progress=False)  # out now holds outputs
    pd.testing.assert_frame_equal(first.drop(columns="executed"), table.drop(columns="executed"))
    expected = sorted(
        str(p) for p in messy.rglob("*") if not p.is_dir() and not p.name.startswith(".")
    )
    expected = [p for p in expected if not p.startswith(str(out))]
    assert sorted(table["source"]) == expected and table["source"].is_unique

    by_name = {Path(s).name: r for s, r in zip(table["source"], table.itertuples(), strict=True)}
    status = {name: r.status for name, r in by_name.items()}
    assert status == {
        "宁河区造甲城镇2020年报告": "read",
        "content.jsp": "read",
        "2023_pingtan.txt": "duplicate",
        "download.do?id=7": "read",
        "x.bin": "failed",
        "empty.txt": "failed",
        "cut.html": "failed",
        "README": "not_report",
        "logo.png": "not_report",
        "noise": "not_report",
        "list.csv": "not_report",
        "pipe": "failed",
        "null": "failed",
    }
    assert by_name["logo.png"].reason.startswith("不是年度报告：这是一张 PNG 图片")
    assert "清单" in by_name["list.csv"].reason and "README" in by_name["README"].reason
    assert "二进制" in by_name["noise"].reason
    assert "FIFO" in by_name["pipe"].reason and "字符设备" in by_name["null"].reason
    assert "404" in by_name["cut.html"].reason  # an error page in place of a report: a failure
    assert by_name["2023_pingtan.txt"].duplicate_of == str(messy / "content.jsp")

    n = counts(table)
    assert (n["files"], n["reports"], n["duplicates"], n["not_reports"], n["failed"]) == (
        13,
        3,
        1,
        4,
        5,
    )
    line = summary_line(table)
    assert "13 个文件 = 报告 3 份 + 重复 1 个 + 不是报告 4 个 + 无法读取 5 个" in line
    numbers = [int(x) for x in re.findall(r"\d+", line.split(" / ")[0])]
    assert numbers[0] == sum(numbers[1:]) == len(expected)
    assert (table["year"].dropna() == table["year"].dropna().astype(int)).all()
    assert ".0," not in (out / "outcomes.csv").read_text(encoding="utf-8-sig")


def test_manifest_and_hidden_files_are_not_inputs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / ".git").mkdir(parents=True)
    (src / ".git" / "HEAD").write_text("ref: x")
    shutil.copy(SEED, src / "a.txt")
    manifest = src / "manifest.csv"
    manifest.write_text("path,agency\na.txt,甲镇\n", encoding="utf-8")
    assert list_inputs(src, exclude=[manifest]) == [src / "a.txt"]
    table = run_batch(src, tmp_path / "out", manifest=manifest, notebooks=False, progress=False)
    assert table["source"].tolist() == [str(src / "a.txt")] and table["agency"][0] == "甲镇"


def test_special_files_are_named_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "gone").symlink_to(tmp_path / "missing")
    assert "FIFO" in unreadable(tmp_path / "fifo")  # reading it would block for ever
    assert "不存在" in unreadable(tmp_path / "gone")
    assert unreadable(SEED) is None


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"GIF89a" + bytes(50), "GIF 图片"),
        (b"\xff\xd8\xff\xe0" + bytes(50), "JPEG 图片"),
        (b"%PDF-1.4 broken", None),  # a PDF govkit could not read is a report that failed
        (b'{"a": 1}', "JSON"),
        ("file\tagency\n2023.txt\t甲\n".encode(), "清单"),
        ("<html><body>欢迎访问</body></html>".encode(), "网页"),
        ("2018年度政府信息公开工作年度报告\n一、概述\n".encode("gbk"), None),
    ],
)
def test_what_a_non_report_is(tmp_path: Path, content: bytes, says: str | None) -> None:
    f = tmp_path / "f"
    f.write_bytes(content)
    what = not_report(f)
    assert (what is None) if says is None else (says in what)


def test_page_names_are_per_path_and_never_hidden(tmp_path: Path) -> None:
    hidden = tmp_path / "..txt"  # hidden in a folder listing; an input when named
    shutil.copy(SEED, hidden)
    table = run_batch(hidden, tmp_path / "out", notebooks=False, progress=False)
    assert table["status"].tolist() == ["read"] and not table["page"][0].startswith(".")
    a, b = tmp_path / "甲镇报告.txt", tmp_path / "乙镇报告.txt"
    assert page_name(a) != page_name(b)  # same ASCII part (none), different files
    assert page_name(a) == page_name(tmp_path / "." / "甲镇报告.txt")  # stable per path
    assert not page_name(tmp_path / "..txt").startswith(".")
    assert re.fullmatch(r"[A-Za-z0-9_.-]+", page_name(tmp_path / "..txt"))


def test_an_io_error_on_one_file_never_loses_the_others(tmp_path: Path, monkeypatch) -> None:
    import errno

    import govkit
    from govkit import parallel

    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "b.txt").write_bytes(
        SEED.read_bytes().replace("宁河区".encode(), "宝坻区".encode())
    )
    real = parallel.read_report

    def flaky(path, **kw):
        if Path(path).name == "a.txt":
            raise OSError(errno.EIO, "Input/output error")
        return real(path, **kw)

    monkeypatch.setattr(parallel, "read_report", flaky)  # the workers fork with the patch
    cells, failures = govkit.read_reports(tmp_path)
    assert set(cells["source"]) == {str(tmp_path / "b.txt")}
    assert failures[["source", "status"]].values.tolist() == [[str(tmp_path / "a.txt"), "failed"]]
    assert "Input/output error" in failures["message"][0] and "a.txt" in failures["message"][0]


def test_audit_and_read_account_for_the_same_files(messy: Path, capsys) -> None:
    from govkit.cli import main

    assert main(["audit", str(messy)]) == 2
    cap = capsys.readouterr()
    assert "13 个文件 = 报告 3 份 + 重复 1 个 + 不是报告 4 个 + 无法读取 5 个" in cap.out
    listed = [line.split(": ", 1)[0].split(" ", 1)[1] for line in cap.err.strip().splitlines()]
    assert len(listed) == 10 and len(set(listed)) == 10  # every file that is not a report, once
    assert main(["read", str(messy)]) == 2
    cap = capsys.readouterr()
    assert cap.out.count("\n=== ") == 3 and len(cap.err.strip().splitlines()) == 10
