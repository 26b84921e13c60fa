"""govkit: read, audit and analyse 政府信息公开工作年度报告 (government information-disclosure annual reports)."""

from govkit.across.copied import copied_text
from govkit.across.regions import compare_units
from govkit.audit import audit, rules
from govkit.errors import GovkitError, InputError, ParseError, UnsupportedTemplate
from govkit.read.manifest import read_manifest
from govkit.report import Report, ReportMeta, parse_report, read_report, read_reports
from govkit.run.many import read_many

__version__ = "0.1.0"

__all__ = [
    "GovkitError",
    "InputError",
    "ParseError",
    "Report",
    "ReportMeta",
    "UnsupportedTemplate",
    "audit",
    "compare_units",
    "copied_text",
    "parse_report",
    "read_manifest",
    "read_many",
    "read_report",
    "read_reports",
    "rules",
]
