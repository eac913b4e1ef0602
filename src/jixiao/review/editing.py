"""A reviewer's edit, from the form's text to a value validated by the same model as the field.

Money and indicator cells are typed the way a document writes them (``5187593.33元``, ``≥95%``) and read
by the extractors' own parsers, so an edited value is normalised exactly like an extracted one; an
indicator value may also be given field by field. Whatever the input, the item is rebuilt through its
pydantic model with the new value, and a value the model refuses is refused with the model's reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel
from pydantic import ValidationError

from jixiao.errors import ReviewError
from jixiao.review.catalog import ReviewValue
from jixiao.review.paths import validate_field
from jixiao.schema import Amount
from jixiao.schema import PerformanceIndicator
from jixiao.schema import Provenance
from jixiao.schema import Value
from jixiao.tables.numbers import parse_amount
from jixiao.tables.numbers import to_halfwidth
from jixiao.tables.values import parse_value

VALUE_FIELDS = ("op", "num", "num_hi", "unit", "grade", "status", "pct_done", "text", "is_placeholder")
"""Value fields a reviewer may set one by one (mode ``fields``)."""


class InvalidEditError(ReviewError):
    """The edited value does not fit the field's model."""


def _human(prov: Provenance | None) -> Provenance | None:
    return prov.with_method("human") if prov is not None else None


def _number_text(text: str) -> str:
    # Reviewers type what they see: full-width digits, thousands separators, a trailing % or 分.
    t = to_halfwidth(text).strip().replace(",", "")
    return re.sub(r"\s*(%|分)$", "", t)


def _explain(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    return f"{first.get('msg', 'invalid value')}{f' ({where})' if where else ''}"


def _amount(rv: ReviewValue, old: Any, text: str) -> Amount | None:
    if not text:
        return None
    unit = old.unit if isinstance(old, Amount) and old.unit else "万元"
    amount = parse_amount(text, default_unit=unit, prov=_human(old.prov if isinstance(old, Amount) else None))
    if amount is None or amount.value is None:
        raise InvalidEditError(
            rv.path, f"'{text}' is not an amount: write one number, e.g. 518.76万元 or 5187593.33元"
        )
    return amount


def _value(item: BaseModel, rv: ReviewValue, old: Any, text: str, form: Mapping[str, str]) -> Value:
    prov = _human(old.prov if isinstance(old, Value) else None)
    if form.get("mode") != "fields":
        hint = item.unit_raw if isinstance(item, PerformanceIndicator) else None
        return parse_value(text, unit_hint=hint, prov=prov)
    data: dict[str, Any] = {"raw": text, "prov": prov}
    for name in VALUE_FIELDS:
        raw = (form.get(f"v_{name}") or "").strip()
        if name == "is_placeholder":
            data[name] = raw in ("1", "on", "true")
        elif raw:
            data[name] = _number_text(raw) if name in ("num", "num_hi", "pct_done") else raw
    try:
        return Value.model_validate(data)
    except ValidationError as exc:
        raise InvalidEditError(rv.path, f"not a valid indicator value: {_explain(exc)}") from exc


def parse_edit(item: BaseModel, rv: ReviewValue, form: Mapping[str, str]) -> Any:
    """The new value of ``rv`` from the edit form, validated by the item's model.

    Args:
        item: the item that owns the field (a FundRow, PerformanceIndicator, the Report …).
        rv: the value being edited.
        form: the submitted fields: ``text`` (the value as typed), and for indicator values
            ``mode=fields`` with ``v_op``, ``v_num`` … to set the parts one by one.

    Raises:
        InvalidEditError: the input does not fit the field (the message says why).
    """
    text = (form.get("text") or "").strip()
    old = getattr(item, rv.field)
    value: Any
    if rv.kind == "amount":
        value = _amount(rv, old, text)
    elif rv.kind == "value":
        value = _value(item, rv, old, text, form)
    elif rv.kind in ("decimal", "int"):
        value = _number_text(text) or None
    elif rv.kind == "choice":
        if text and text not in rv.choices:
            raise InvalidEditError(rv.path, f"'{text}' is not one of: {'、'.join(rv.choices)}")
        value = text or None
    elif rv.kind == "int_list":
        parts = [p for p in re.split(r"[,，、;；\s]+", to_halfwidth(text)) if p]
        value = parts
    else:
        value = text if text or not rv.optional else None
    if value is None and not rv.optional:
        raise InvalidEditError(rv.path, f"{rv.label} cannot be empty")
    try:
        rebuilt = validate_field(item, rv.field, value)
    except ValidationError as exc:
        raise InvalidEditError(rv.path, f"not a valid {rv.label}: {_explain(exc)}") from exc
    return getattr(rebuilt, rv.field)
