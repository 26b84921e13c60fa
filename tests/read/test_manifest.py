"""Manifests: the shared corpus's own MANIFEST.tsv and a CSV with relative paths mean the same."""

from __future__ import annotations

import pandas as pd
import pytest

import govkit
from tests.conftest import CORPUS, SEED, needs_shared


@needs_shared
def test_corpus_manifest_tsv_overrides_agency_and_keeps_unsupported_unsupported():
    manifest = CORPUS / "MANIFEST.tsv"
    meta = govkit.read_manifest(manifest)
    kewei = meta[(CORPUS / "2024_shanghai_kewei.md").resolve()]
    assert kewei["agency"].startswith("上海市科学技术委员会") and kewei["year"] == "2024"
    assert "template" not in meta[(CORPUS / "2018_pingtan.txt").resolve()]  # pre2019 is no override
    cells, failures = govkit.read_reports(CORPUS, manifest=manifest)
    failed = failures[failures["status"] == "failed"]
    assert list(failed["error"]) == ["UnsupportedTemplate"]  # 2018, as without a manifest
    # the README is not a report; the manifest passed as such is no input at all
    assert failures.loc[failures["status"] == "not_report", "source"].tolist() == [
        str(CORPUS / "README.md")
    ]
    assert failures["status"].value_counts()["duplicate"] == 2  # .txt and .page.html, 2023 and 2025
    agencies = set(cells["agency"])
    assert "上海市科委" not in agencies and any(
        a.startswith("上海市科学技术委员会") for a in agencies
    )


def test_csv_paths_are_relative_to_the_manifest(tmp_path):
    (tmp_path / "in").mkdir()
    report = tmp_path / "in" / "seed.txt"
    report.write_bytes(SEED.read_bytes())
    manifest = tmp_path / "in" / "manifest.csv"
    manifest.write_text(
        "path,agency,year,region,level\nseed.txt,甲镇,2020,天津,乡镇\n", encoding="utf-8"
    )
    assert govkit.read_manifest(manifest) == {
        report.resolve(): {"agency": "甲镇", "year": "2020", "region": "天津", "level": "乡镇"}
    }
    rep = govkit.read_report(report, meta=govkit.read_manifest(manifest)[report.resolve()])
    assert (rep.meta.agency, rep.meta.region, rep.meta.level) == ("甲镇", "天津", "乡镇")


def test_manifest_without_a_path_column_is_an_input_error(tmp_path):
    bad = tmp_path / "m.csv"
    bad.write_text("name,agency\nx,y\n", encoding="utf-8")
    with pytest.raises(govkit.InputError, match="path"):
        govkit.read_manifest(bad)
    with pytest.raises(govkit.InputError):
        govkit.read_manifest(pd.DataFrame({"agency": ["甲"]}))
