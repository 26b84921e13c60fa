"""govkit.errors: every message says what and where, in Chinese then English; one base class."""

from __future__ import annotations

import pytest

import govkit
from govkit import errors
from govkit.errors import GovkitError, InputError, NoReports, UsageError

SUBCLASSES = [
    errors.InputError,
    errors.ParseError,
    errors.UnsupportedTemplate,
    errors.UsageError,
    errors.NoReports,
    errors.OutputError,
]


def test_message_is_chinese_then_english_then_where():
    exc = GovkitError("读不了", "cannot read", source="a.pdf", where="第三部分")
    assert str(exc) == "读不了 / cannot read（a.pdf · 第三部分）"
    assert (exc.zh, exc.en, exc.source, exc.where) == ("读不了", "cannot read", "a.pdf", "第三部分")


@pytest.mark.parametrize(
    ("source", "where", "tail"),
    [
        (None, None, ""),
        ("a.pdf", None, "（a.pdf）"),
        (None, "第三部分", "（第三部分）"),
        ("", "", ""),
    ],
)
def test_location_shows_only_what_is_known(source, where, tail):
    assert str(GovkitError("中", "en", source=source, where=where)) == "中 / en" + tail


@pytest.mark.parametrize("cls", SUBCLASSES)
def test_every_error_is_a_govkit_error(cls):
    exc = cls("中", "en", source="x")
    assert isinstance(exc, GovkitError) and isinstance(exc, Exception)
    assert str(exc) == "中 / en（x）"


def test_no_reports_is_a_usage_error_and_nothing_else():
    assert issubclass(NoReports, UsageError)
    assert not issubclass(InputError, UsageError)
    assert not issubclass(UsageError, InputError)


def test_an_empty_file_raises_input_error_naming_the_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError) as info:
        govkit.read_report(path)
    assert info.value.source and "empty.txt" in str(info.value)
    assert info.value.zh and info.value.en and info.value.zh != info.value.en
