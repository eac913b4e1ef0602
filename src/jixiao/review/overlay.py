"""Reviewed values for the tidy exports: the latest decision on each value, in the exports' terms."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from jixiao.errors import ReviewError
from jixiao.export.overlay import ReviewedValue
from jixiao.review.catalog import Panel
from jixiao.review.catalog import iter_items
from jixiao.review.folder import OutputFolder
from jixiao.review.paths import load_field
from jixiao.review.store import STORE_NAME
from jixiao.review.store import Decision
from jixiao.review.store import ReviewStore
from jixiao.review.view import MODELS
from jixiao.review.view import STATUS_OF
from jixiao.schema import Amount
from jixiao.schema import Value


def _parts(value: Any) -> tuple[str | None, Decimal | None]:
    """(text, number) of a reviewed value: amounts as written and in 万元, indicator values raw and numeric."""
    if value is None:
        return None, None
    if isinstance(value, Amount):
        return value.raw, value.wan
    if isinstance(value, Value):
        return value.raw, value.num
    if isinstance(value, bool):
        return str(value).lower(), None
    if isinstance(value, Decimal | int):
        return str(value), Decimal(value)
    if isinstance(value, Enum):
        return str(value.value), None
    if isinstance(value, list):
        return ",".join(str(v.value if isinstance(v, Enum) else v) for v in value), None
    return str(value), None


def has_reviews(out: Path) -> bool:
    """Whether ``out`` holds a review store."""
    return (out / STORE_NAME).is_file()


def reviewed_values(out: Path) -> list[ReviewedValue]:
    """The latest decision on every reviewed value of the reports in ``out`` (empty when nothing was reviewed).

    Decisions on values the current reports no longer have at the same place (a re-extraction moved
    them) are left out.

    Raises:
        ReviewError: ``out`` is not an output folder, or its store cannot be read.
    """
    if not has_reviews(out):
        return []
    folder = OutputFolder(out)
    folder.refresh()
    store = ReviewStore.in_folder(out)
    result: list[ReviewedValue] = []
    for report_id in store.reports():
        try:
            _, panels = folder.report(report_id)
        except ReviewError:
            continue
        result += decided_values(report_id, panels, store.latest(report_id))
    return result


def decided_values(
    report_id: str, panels: list[Panel], decisions: dict[str, Decision]
) -> list[ReviewedValue]:
    """The decisions on one report's values (path → latest decision), in the exports' terms and the
    catalogue's order; a decision taken on another item than the one now at its place is left out."""
    result: list[ReviewedValue] = []
    for item in iter_items(panels):
        for rv in item.values:
            d = decisions.get(rv.path)
            if d is None or (d.item_label is not None and d.item_label != item.label):
                continue
            text, number = _parts(load_field(MODELS[item.model], rv.field, d.new_value))
            result.append(
                ReviewedValue(
                    report_id=report_id,
                    item=rv.item,
                    field=rv.field,
                    status=STATUS_OF[d.action],
                    text=text,
                    number=number,
                    reviewer=d.reviewer,
                    at=d.at,
                )
            )
    return result
