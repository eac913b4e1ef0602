"""Where a record's items are in a report, with the path the review app and the exports name them by.

A path is the item's place in the report's JSON, ``/``-separated, list positions as numbers
(``project_tables/2/indicators/5``; ``""`` is the report). Self-evaluation tables come department first,
then the projects in order, everywhere: exports, evaluation and review list them alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from jixiao.schema import Report
from jixiao.schema import Section
from jixiao.schema import SelfEvalTable


@dataclass(frozen=True)
class Located:
    """One item of a record in a report."""

    path: str
    item: BaseModel
    table: SelfEvalTable | None = None
    """The self-evaluation table the item belongs to (the table itself for a table)."""
    seq: int = 1
    """1-based position among the items of its list (sections: in document order)."""


def self_eval_tables(report: Report, projects_only: bool = False) -> list[tuple[str, SelfEvalTable]]:
    """(path, table): the department's table (unless ``projects_only``), then every project's."""
    out = [] if projects_only or report.dept_table is None else [("dept_table", report.dept_table)]
    return out + [(f"project_tables/{n}", t) for n, t in enumerate(report.project_tables)]


def _sections(sections: list[Section], path: str, out: list[Located]) -> None:
    for n, s in enumerate(sections):
        here = f"{path}/{n}"
        out.append(Located(here, s, seq=len(out) + 1))
        _sections(s.children, f"{here}/children", out)


def locate(report: Report, where: str) -> list[Located]:
    """The items at ``where`` in ``report`` (see :func:`jixiao.fields.record.record` for the places).

    Raises:
        ValueError: ``where`` names no place of a report.
    """
    if where == "":
        return [Located("", report)]
    if where == "sections":
        out: list[Located] = []
        _sections(report.sections, "sections", out)
        return out
    if where in ("tables", "project_tables"):
        return [Located(p, t, t) for p, t in self_eval_tables(report, where == "project_tables")]
    head, _, attr = where.partition("/")
    if head == "tables":
        return [
            Located(f"{p}/{attr}/{i}", item, t, i + 1)
            for p, t in self_eval_tables(report)
            for i, item in enumerate(getattr(t, attr))
        ]
    if head not in Report.model_fields:
        raise ValueError(f"no place '{where}' in a report")
    value = getattr(report, head)
    if isinstance(value, list):
        return [Located(f"{head}/{i}", item, seq=i + 1) for i, item in enumerate(value)]
    return [] if value is None else [Located(head, value)]
