"""Per field group: how items are keyed for alignment, and how each field is compared.

A group's items are aligned one-to-one by a *key similarity* (indicators by table + name, funds by
table + label, sections by title, narrative items by their text …); only pairs at or above the
group's threshold can match. Fields are then compared one by one with a comparator that knows the
domain (amounts in 万元, text without width/whitespace/punctuation differences, fuzzy narrative text).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Any

from pydantic import BaseModel
from rapidfuzz import fuzz

from jixiao.eval.answers import FieldGroup
from jixiao.eval.normalise import amounts_equal
from jixiao.eval.normalise import fuzzy_equal
from jixiao.eval.normalise import label_equal
from jixiao.eval.normalise import label_similarity
from jixiao.eval.normalise import level_equal
from jixiao.eval.normalise import norm_label
from jixiao.eval.normalise import norm_text
from jixiao.eval.normalise import numbers_equal
from jixiao.eval.normalise import region_equal
from jixiao.eval.normalise import text_equal
from jixiao.eval.normalise import unit_equal
from jixiao.fields import Comparator
from jixiao.fields import Record
from jixiao.fields import Registry
from jixiao.fields import registry


@dataclass(frozen=True)
class FieldSpec:
    """One scored field: a dotted path into the answer item and how to compare it."""

    path: str
    kind: Comparator


@dataclass(frozen=True)
class GroupSpec:
    """How one field group is aligned and compared."""

    name: FieldGroup
    fields: tuple[FieldSpec, ...]
    threshold: float
    key_similarity: Callable[[Any, Any], float]
    describe: Callable[[Any], str]
    locate_text: Callable[[Any], str | None]


def get_path(item: BaseModel | None, path: str) -> Any:
    """The value at a dotted path (``"target.op"``), or None when a step is missing."""
    value: Any = item
    for step in path.split("."):
        if value is None:
            return None
        value = getattr(value, step, None)
    return value


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def is_scored(item: BaseModel, spec: FieldSpec) -> bool:
    """Whether the answer item says something about this field.

    A field is scored when it holds a value, or when the item lists it in ``blank`` (the cell is empty
    and the tool must leave it empty). An empty list that was never written is "not annotated".
    """
    if spec.path in getattr(item, "blank", ()):
        return True
    value = get_path(item, spec.path)
    if value is None:
        return False
    if isinstance(value, list) and not value:
        head, _, leaf = spec.path.rpartition(".")
        owner = get_path(item, head) if head else item
        return isinstance(owner, BaseModel) and leaf in owner.model_fields_set
    return True


# Comparators of two filled-in values read as text.
_TEXT_COMPARATORS: dict[str, Callable[[str, str], bool]] = {
    "text": text_equal,
    "label": label_equal,
    "unit": unit_equal,
    "level": level_equal,
    "fuzzy": fuzzy_equal,
    "region": region_equal,
}


def values_equal(kind: Comparator, expected: Any, got: Any) -> bool:
    """Compare one field's expected and predicted values with the comparator ``kind``."""
    expected, got = _plain(expected), _plain(got)
    if kind == "amount":
        return amounts_equal(expected, got)
    if kind == "number":
        return numbers_equal(expected, got)
    if kind == "set":
        return {_plain(v) for v in expected or []} == {_plain(v) for v in got or []}
    if expected is None or got is None or expected == "" or got == "":
        return (expected in (None, "")) and (got in (None, ""))
    if kind == "exact":
        return bool(expected == got)
    if kind not in _TEXT_COMPARATORS:
        raise ValueError(f"unknown comparator {kind}")
    return _TEXT_COMPARATORS[kind](str(expected), str(got))


def render_value(value: Any) -> str | None:
    """A field value as shown in a mismatch line."""
    value = _plain(value)
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, list):
        return "[" + ", ".join(str(_plain(v)) for v in value) + "]"
    return str(value)


def _short(text: str | None, n: int = 24) -> str:
    t = (text or "").replace("\n", " ").strip()
    return t if len(t) <= n else t[: n - 1] + "…"


# --- key similarities ------------------------------------------------------------------------------


def _same_table(a: str | None, b: str | None) -> bool:
    return norm_text(a) == norm_text(b)


def _section_key(e: Any, p: Any) -> float:
    return label_similarity(e.title, p.title)


def _fund_key(e: Any, p: Any) -> float:
    return label_similarity(e.label, p.label) if _same_table(e.table, p.table) else 0.0


def _indicator_text(item: Any) -> str:
    return str(item.content or item.name or "")


def _indicator_key(e: Any, p: Any) -> float:
    if not _same_table(e.table, p.table):
        return 0.0
    te, tp = _indicator_text(e), _indicator_text(p)
    if not norm_label(te) and not norm_label(tp):
        # Rows with no name (望城's 0-weight 经济效益/生态效益/满意度 rows) are told apart by their 二级.
        same = _plain(e.level2) == _plain(p.level2) or norm_text(e.level2_raw) == norm_text(p.level2_raw)
        return 1.0 if same else 0.5
    return label_similarity(te, tp)


def _project_key(e: Any, p: Any) -> float:
    names_e = [x for x in (e.ref, e.code, e.name) if x]
    names_p = [x for x in (p.ref, p.code, p.name) if x]
    return max((label_similarity(a, b) for a in names_e for b in names_p), default=0.0)


def _basic_key(e: Any, p: Any) -> float:
    sim = label_similarity(e.label, p.label)
    return sim if norm_text(e.group) == norm_text(p.group) else sim * 0.5


def _final_key(e: Any, p: Any) -> float:
    if e.table != p.table:
        return 0.0
    code_e, code_p = e.func_code or e.econ_code, p.func_code or p.econ_code
    if code_e and code_p:
        return 1.0 if norm_text(code_e) == norm_text(code_p) else 0.0
    return label_similarity(e.name, p.name)


def _goal_key(e: Any, p: Any) -> float:
    if e.scope != p.scope or norm_text(e.project) != norm_text(p.project):
        return 0.0
    return label_similarity(e.text, p.text)


def _problem_key(e: Any, p: Any) -> float:
    # Text and cause together: two readings may cut "problem" and "cause" at different places.
    return label_similarity(f"{e.text}{e.cause or ''}", f"{p.text}{p.cause or ''}")


def _measure_key(e: Any, p: Any) -> float:
    return label_similarity(e.text, p.text)


def _finding_key(e: Any, p: Any) -> float:
    if e.check != p.check:
        return 0.0
    se, sp = norm_label(e.subject), norm_label(p.subject)
    if not se or not sp:
        return 0.8
    # Subjects are free text ("合计" vs "资金来源 合计"); the check id decides, the subject breaks ties.
    return 0.8 + 0.2 * fuzz.partial_ratio(se, sp) / 100.0


@dataclass(frozen=True)
class Matching:
    """How a group's items are aligned (key similarity and its threshold) and named in mismatch lines."""

    threshold: float
    key_similarity: Callable[[Any, Any], float]
    describe: Callable[[Any], str]
    locate_text: Callable[[Any], str | None]


def _describe_fund(f: Any) -> str:
    return f"[{f.table}] {f.breakdown + ' ' if f.breakdown else ''}{f.label}"


def _describe_indicator(i: Any) -> str:
    return f"[{i.table}] {_short(_indicator_text(i)) or '(' + str(i.level2_raw or _plain(i.level2)) + ', no name)'}"


def _describe_final(a: Any) -> str:
    return f"[表{a.table}] {a.func_code or a.econ_code or ''} {a.name}".replace("  ", " ")


def _describe_goal(g: Any) -> str:
    return f"{'[' + g.project + '] ' if g.project else ''}{_short(g.text)}"


MATCHING: dict[FieldGroup, Matching] = {
    "sections": Matching(0.8, _section_key, lambda s: f"{s.number_raw or ''}{s.title}", lambda s: s.title),
    "funds": Matching(0.8, _fund_key, _describe_fund, lambda f: f.label),
    "indicators": Matching(0.8, _indicator_key, _describe_indicator, lambda i: _indicator_text(i) or None),
    "project_tables": Matching(
        0.8, _project_key, lambda t: _short(t.name or t.ref, 40), lambda t: t.name or t.ref
    ),
    "basic_data": Matching(0.8, _basic_key, lambda b: f"[{b.group}] {b.label}", lambda b: b.label),
    "final_account": Matching(0.8, _final_key, _describe_final, lambda a: a.name),
    "goals": Matching(0.6, _goal_key, _describe_goal, lambda g: g.text),
    "problems": Matching(0.6, _problem_key, lambda p: _short(p.text), lambda p: p.text),
    "measures": Matching(0.6, _measure_key, lambda m: _short(m.text), lambda m: m.text),
    "findings": Matching(
        0.8, _finding_key, lambda f: f"{f.check}{' — ' + f.subject if f.subject else ''}", lambda f: None
    ),
}
"""Per group (all but metadata, whose fields are its items): alignment and naming. What is compared comes
from the field registry."""


def scored_fields(record: Record, value: Record) -> tuple[FieldSpec, ...]:
    """The scored answer fields of a record, by rank; an indicator value's parts as ``target.op`` …"""
    out: list[FieldSpec] = []
    for _, c in record.compares():
        if c.nested:
            out += [FieldSpec(f"{c.answer}.{p.answer}", p.kind) for _, p in value.compares() if p.kind]
        elif c.kind:
            out.append(FieldSpec(c.answer, c.kind))
    return tuple(out)


def groups(reg: Registry | None = None) -> dict[FieldGroup, GroupSpec]:
    """Every scored group but metadata, in the answer format's order (default: the registry in use)."""
    return _groups(reg or registry())


@lru_cache(maxsize=8)
def _groups(reg: Registry) -> dict[FieldGroup, GroupSpec]:
    return {
        name: GroupSpec(
            name,
            scored_fields(reg.scored(name)[0], reg.value),
            m.threshold,
            m.key_similarity,
            m.describe,
            m.locate_text,
        )
        for name, m in MATCHING.items()
    }


def metadata_fields(reg: Registry | None = None) -> tuple[FieldSpec, ...]:
    """The scored metadata fields (each one is an item of its own)."""
    reg = reg or registry()
    return scored_fields(reg.scored("metadata")[0], reg.value)
