"""The exceptions govkit raises: every message says what and where, in Chinese then English."""

from __future__ import annotations


class GovkitError(Exception):
    """Base class: the only exceptions that leave govkit on bad input."""

    def __init__(self, zh: str, en: str, *, source: str | None = None, where: str | None = None):
        self.zh, self.en, self.source, self.where = zh, en, source, where
        loc = " · ".join(x for x in (source, where) if x)
        super().__init__(f"{zh} / {en}" + (f"（{loc}）" if loc else ""))


class InputError(GovkitError):
    """The file itself cannot be used: empty, binary, undecodable, too large, unknown format."""


class ParseError(GovkitError):
    """The report is readable text but its tables cannot be matched to the template."""


class UnsupportedTemplate(GovkitError):
    """The report is not on the 2019 or 2021 national template (e.g. a pre-2019 free-form report)."""
