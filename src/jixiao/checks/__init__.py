"""Arithmetic and consistency checks over a report → findings."""

from __future__ import annotations

from jixiao.schema import Finding, Report


def run_checks(report: Report) -> list[Finding]:
    """Every check of domain.md §5 that applies to the report."""
    return []


__all__ = ["run_checks"]
