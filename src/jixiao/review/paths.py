"""Value ids: JSON-pointer-like paths into a Report, and typed reading and writing of the field they name.

A value id is the path of a field in the report's JSON, ``/``-separated, list positions as numbers:
``department``, ``dept_table/funds/0/executed``, ``project_tables/2/indicators/5/actual``,
``goals/3/text``. The last step is the field; what comes before it is the *item* that owns the field
(empty for a report-level field). Ids are stable for as long as the report file is.
"""

from __future__ import annotations

import json
from decimal import Decimal
from enum import Enum
from functools import cache
from types import NoneType
from types import UnionType
from typing import Any
from typing import Literal
from typing import Union
from typing import get_args
from typing import get_origin

from pydantic import BaseModel
from pydantic import TypeAdapter
from pydantic import ValidationError

from jixiao.errors import ReviewError
from jixiao.schema import Amount
from jixiao.schema import Value

ValueKind = Literal["amount", "value", "decimal", "int", "text", "choice", "int_list"]


def split_path(path: str) -> tuple[str, str]:
    """``"a/0/b"`` → ``("a/0", "b")``: the owning item's path and the field name."""
    item, _, field = path.rpartition("/")
    return item, field


def join_path(item: str, field: str) -> str:
    return f"{item}/{field}" if item else field


def resolve(root: BaseModel, path: str) -> Any:
    """The object at ``path`` below ``root`` (``""`` is the root itself).

    Raises:
        ReviewError: a step names no field or no list position.
    """
    node: Any = root
    if not path:
        return node
    for step in path.split("/"):
        if isinstance(node, list):
            if not step.isdigit() or int(step) >= len(node):
                raise ReviewError(None, f"no value at '{path}'", where=step)
            node = node[int(step)]
        elif isinstance(node, BaseModel) and step in type(node).model_fields:
            node = getattr(node, step)
        else:
            raise ReviewError(None, f"no value at '{path}'", where=step)
    return node


def field_annotation(owner: type[BaseModel], field: str) -> Any:
    """The declared type of ``owner.field``.

    Raises:
        ReviewError: the model has no such field.
    """
    info = owner.model_fields.get(field)
    if info is None:
        raise ReviewError(None, f"{owner.__name__} has no field '{field}'")
    return info.annotation


@cache
def _adapter(owner: type[BaseModel], field: str) -> TypeAdapter[Any]:
    return TypeAdapter(field_annotation(owner, field))


def dump_field(owner: type[BaseModel], field: str, value: Any) -> str:
    """A field value as JSON text, the way the report file writes it."""
    return _adapter(owner, field).dump_json(value).decode("utf-8")


def load_field(owner: type[BaseModel], field: str, text: str | None) -> Any:
    """A field value from the JSON text :func:`dump_field` wrote (``None`` stays ``None``)."""
    if text is None:
        return None
    return _adapter(owner, field).validate_json(text)


def validate_field(item: BaseModel, field: str, value: Any) -> BaseModel:
    """``item`` with ``field`` set to ``value``, validated by the item's own model.

    Raises:
        ValidationError: the value does not fit the field (the message says why).
    """
    data = item.model_dump(mode="json")
    data[field] = json.loads(dump_any(value))
    return type(item).model_validate(data)


def dump_any(value: Any) -> str:
    """JSON of a value made of models, decimals, enums, lists and plain scalars."""
    return TypeAdapter(Any).dump_json(value).decode("utf-8")


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    origin = get_origin(annotation)
    if origin in (Union, UnionType):
        args = [a for a in get_args(annotation) if a is not NoneType]
        optional = len(args) < len(get_args(annotation))
        return (args[0] if len(args) == 1 else annotation), optional
    return annotation, False


def field_kind(owner: type[BaseModel], field: str) -> tuple[ValueKind, list[str], bool]:
    """How a field is edited: its kind, the allowed choices (for enums and literals), and whether it may be empty."""
    annotation, optional = _strip_optional(field_annotation(owner, field))
    if annotation is Amount:
        return "amount", [], optional
    if annotation is Value:
        return "value", [], optional
    if annotation is Decimal:
        return "decimal", [], optional
    if annotation is int:
        return "int", [], optional
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "choice", [str(m.value) for m in annotation], optional
    if get_origin(annotation) is Literal:
        return "choice", [str(a) for a in get_args(annotation)], optional
    if get_origin(annotation) is list and get_args(annotation) == (int,):
        return "int_list", [], optional
    return "text", [], optional


__all__ = [
    "ValidationError",
    "ValueKind",
    "dump_any",
    "dump_field",
    "field_annotation",
    "field_kind",
    "join_path",
    "load_field",
    "resolve",
    "split_path",
    "validate_field",
]
