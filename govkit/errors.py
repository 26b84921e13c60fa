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


class UsageError(GovkitError):
    """The command cannot start: a missing path, an output folder that cannot be written, a bad
    option. Raised before any work is done (exit code 3)."""


class NoReports(UsageError):
    """Nothing to do: no input files, or none of them is a report (exit code 3)."""


class OutputError(GovkitError):
    """An output could not be written (disk full, permission): outputs stay complete or absent."""
