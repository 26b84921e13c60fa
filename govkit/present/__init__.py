"""Presenting reports to people: metrics (the one definition of each ratio), charts, tables in the
template's layout, findings and verdicts, the exported page's shell and index.html.

This package re-exports what the notebooks import (`from govkit import present`).
"""

from __future__ import annotations

from govkit.present.findings import (
    COLOURS,
    DIAGNOSIS,
    FINDING_COLOURS,
    FORMAT_ZH,
    IDENTITY_RULES,
    LONG_LIST,
    LONG_MESSAGE,
    READING_RULES,
    SEVERITY_ZH,
    UNREAD,
    HtmlText,
    agency_findings,
    file_link,
    findings_view,
    is_reading,
    page_header,
    reading_findings,
    reading_view,
    template_label,
    verdict,
    verdict_headline,
    verdict_items,
    verdict_view,
)
from govkit.present.overview import (
    SKIPPED_ZH,
    SUMMARY_METRICS,
    common_findings_view,
    failures_view,
    overview_header,
    summary_table,
    summary_view,
    years_view,
)
from govkit.present.tables import styled_table, table_view

__all__ = [
    "COLOURS",
    "DIAGNOSIS",
    "FINDING_COLOURS",
    "FORMAT_ZH",
    "IDENTITY_RULES",
    "LONG_LIST",
    "LONG_MESSAGE",
    "READING_RULES",
    "SEVERITY_ZH",
    "SKIPPED_ZH",
    "SUMMARY_METRICS",
    "UNREAD",
    "HtmlText",
    "agency_findings",
    "common_findings_view",
    "failures_view",
    "file_link",
    "findings_view",
    "is_reading",
    "overview_header",
    "page_header",
    "reading_findings",
    "reading_view",
    "styled_table",
    "summary_table",
    "summary_view",
    "table_view",
    "template_label",
    "verdict",
    "verdict_headline",
    "verdict_items",
    "verdict_view",
    "years_view",
]
