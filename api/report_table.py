"""Rich tables of extraction reports: ``mnpia extract --report`` and the totals of ``mnpia ingest``.

The figures come from :mod:`ingest.report`; this module only lays them out.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.columns import Columns
from rich.table import Table

from ingest.records import IssueCode
from ingest.report import FAMILIES, ExtractionReport, PartReport, Tally

__all__ = ["report_to_table", "totals_to_tables"]

_LABELS = dict(FAMILIES)


def _declared(tally: Tally) -> str:
    if tally.declared is None:
        return ""
    if tally.declared != tally.found:
        return f"[yellow]{tally.declared}[/]"
    return str(tally.declared)


def _row(part: PartReport) -> tuple[str, ...]:
    found = "\n".join(f"{tally.found} {tally.label}" for tally in part.tallies)
    declared = "\n".join(_declared(tally) for tally in part.tallies)
    issues = "\n".join(f"{code.value} {count}" for code, count in part.issue_counts)
    line = "" if part.line is None else str(part.line)
    return (part.form_ref, part.title, line, found, declared.rstrip("\n"), issues)


def report_to_table(report: ExtractionReport) -> Table:
    """One row per part of the form: records found, counts declared, issues by code."""
    kind = report.document_kind or "kind unknown"
    table = Table(
        title=f"{report.source}: {kind}, {report.status.value}",
        title_justify="left",
        show_lines=True,
    )
    table.add_column("part", no_wrap=True)
    table.add_column("title", overflow="fold")
    table.add_column("line", justify="right", no_wrap=True)
    table.add_column("found", no_wrap=True)
    table.add_column("declared", justify="right", no_wrap=True)
    table.add_column("issues", no_wrap=True)
    for part in report.parts:
        table.add_row(*_row(part))
    issues = sum(count for _code, count in report.issue_counts)
    table.caption = f"{report.records} records, {issues} issues"
    table.caption_justify = "left"
    return table


def totals_to_tables(
    families: Sequence[tuple[str, int]],
    codes: Sequence[tuple[IssueCode, int]],
    *,
    documents: int,
) -> Columns:
    """Records per family and issues per code over several documents, side by side."""
    records = Table(title=f"Records per family ({documents} documents)", title_justify="left")
    records.add_column("family", no_wrap=True)
    records.add_column("form term", no_wrap=True)
    records.add_column("records", justify="right")
    for family, count in families:
        records.add_row(family, _LABELS[family], str(count))
    records.add_section()
    records.add_row("all", "", str(sum(count for _family, count in families)))
    issues = Table(title="Issues per code", title_justify="left")
    issues.add_column("code", no_wrap=True)
    issues.add_column("issues", justify="right")
    for code, count in codes:
        issues.add_row(code.value, str(count))
    issues.add_section()
    issues.add_row("all", str(sum(count for _code, count in codes)))
    return Columns([records, issues], padding=(0, 4))
