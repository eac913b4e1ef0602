"""Score a prediction against the golden answers, group by group.

Items are aligned one-to-one: every expected/predicted pair whose key similarity reaches the group's
threshold is a candidate; candidates are taken greedily, best first (key similarity, then how many
fields agree, then document order), each item at most once. scipy is not a dependency; greedy
assignment is not optimal in general, but these keys (labels, names, titles, check ids) are mostly
distinct, so it seldom differs from the Hungarian method, and its tie-breaking is deterministic, which a
regression gate needs.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from jixiao.eval.answers import AnswerItem
from jixiao.eval.answers import FieldGroup
from jixiao.eval.answers import GoldenAnswer
from jixiao.eval.answers import answer_format
from jixiao.eval.groups import FieldSpec
from jixiao.eval.groups import GroupSpec
from jixiao.eval.groups import get_path
from jixiao.eval.groups import groups
from jixiao.eval.groups import is_scored
from jixiao.eval.groups import metadata_fields
from jixiao.eval.groups import render_value
from jixiao.eval.groups import values_equal
from jixiao.eval.locate import Locator
from jixiao.eval.locate import describe
from jixiao.eval.normalise import norm_label
from jixiao.eval.predict import Prediction
from jixiao.eval.results import Counts
from jixiao.eval.results import GroupResult
from jixiao.eval.results import Metrics
from jixiao.eval.results import Mismatch

_FIELD_TIEBREAK = 0.05


def compare_fields(spec: GroupSpec, expected: BaseModel, got: BaseModel) -> list[tuple[FieldSpec, bool]]:
    """Each field the answer scores, and whether the prediction has it right."""
    out = []
    for field in spec.fields:
        if is_scored(expected, field):
            ok = values_equal(field.kind, get_path(expected, field.path), get_path(got, field.path))
            out.append((field, ok))
    return out


def align(spec: GroupSpec, expected: list[Any], predicted: list[Any]) -> list[tuple[int, int]]:
    """One-to-one pairs (expected index, predicted index), best candidates first."""
    candidates: list[tuple[float, int, int]] = []
    for i, e in enumerate(expected):
        for j, p in enumerate(predicted):
            sim = spec.key_similarity(e, p)
            if sim < spec.threshold:
                continue
            fields = compare_fields(spec, e, p)
            agreement = sum(ok for _, ok in fields) / len(fields) if fields else 0.0
            candidates.append((sim + _FIELD_TIEBREAK * agreement, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_e: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if i in used_e or j in used_p:
            continue
        used_e.add(i)
        used_p.add(j)
        pairs.append((i, j))
    return sorted(pairs)


def _canonical_tables(expected: GoldenAnswer, prediction: Prediction) -> GoldenAnswer:
    """Expected table refs rewritten to the prediction's ref for the same project (code ↔ name)."""
    lookup: dict[str, str] = {}
    for ref, names in prediction.table_aliases.items():
        for name in [ref, *names]:
            lookup.setdefault(norm_label(name), ref)

    def canon(ref: str | None) -> str | None:
        return lookup.get(norm_label(ref), ref) if ref else ref

    def recanon(items: list[AnswerItem], key: str) -> list[AnswerItem]:
        return [i.model_copy(update={key: canon(getattr(i, key))}) for i in items]

    return expected.model_copy(
        update={
            "funds": recanon(expected.funds, "table"),
            "indicators": recanon(expected.indicators, "table"),
            "goals": recanon(expected.goals, "project"),
        }
    )


def score_group(
    spec: GroupSpec,
    expected: list[Any],
    prediction: Prediction,
    locator: Locator | None = None,
) -> GroupResult:
    """Align and compare one group; list what is missing, spurious or wrong."""
    predicted: list[Any] = list(getattr(prediction.answer, spec.name))
    pairs = align(spec, expected, predicted)
    counts = Counts(expected=len(expected), predicted=len(predicted), matched=len(pairs))
    mismatches: list[Mismatch] = []
    for i, j in pairs:
        source = prediction.source(spec.name, j)
        for field, ok in compare_fields(spec, expected[i], predicted[j]):
            counts.fields += 1
            if ok:
                counts.fields_correct += 1
                continue
            mismatches.append(
                Mismatch(
                    group=spec.name,
                    kind="field",
                    item=spec.describe(expected[i]),
                    field=field.path,
                    expected=render_value(get_path(expected[i], field.path)),
                    got=render_value(get_path(predicted[j], field.path)),
                    where=describe(source.for_field(field.path)),
                )
            )
    matched_e = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    for i, e in enumerate(expected):
        if i not in matched_e:
            where = locator.where(spec.locate_text(e)) if locator else None
            mismatches.append(Mismatch(group=spec.name, kind="missing", item=spec.describe(e), where=where))
    for j, p in enumerate(predicted):
        if j not in matched_p:
            where = describe(prediction.source(spec.name, j).prov)
            mismatches.append(Mismatch(group=spec.name, kind="spurious", item=spec.describe(p), where=where))
    return GroupResult(group=spec.name, metrics=Metrics.from_counts(counts), mismatches=mismatches)


def score_metadata(
    expected: AnswerItem | None, prediction: Prediction, locator: Locator | None = None
) -> GroupResult:
    """Metadata fields are the items: a field is predicted when the tool filled it, matched when right."""
    got = prediction.answer.metadata or answer_format().items["metadata"]()
    counts = Counts()
    mismatches: list[Mismatch] = []
    for field in metadata_fields():
        if expected is None or not is_scored(expected, field):
            continue
        e_value, g_value = get_path(expected, field.path), get_path(got, field.path)
        filled = g_value not in (None, [], "")
        ok = filled and values_equal(field.kind, e_value, g_value)
        counts.expected += 1
        counts.predicted += int(filled)
        counts.fields += int(filled)
        counts.matched += int(ok)
        counts.fields_correct += int(ok)
        if not ok:
            where = describe(_meta_prov(prediction, field.path)) if filled else None
            if where is None and locator is not None and isinstance(e_value, str):
                where = locator.where(e_value)
            mismatches.append(
                Mismatch(
                    group="metadata",
                    kind="field" if filled else "missing",
                    item="metadata",
                    field=field.path,
                    expected=render_value(e_value),
                    got=render_value(g_value),
                    where=where,
                )
            )
    return GroupResult(group="metadata", metrics=Metrics.from_counts(counts), mismatches=mismatches)


def _meta_prov(prediction: Prediction, path: str) -> Any:
    source = prediction.sources.get("metadata")
    return source[0].for_field(path) if source else None


def score_answer(
    expected: GoldenAnswer, prediction: Prediction, locator: Locator | None = None
) -> list[GroupResult]:
    """Every group the answer file covers, in the answer format's group order."""
    expected = _canonical_tables(expected, prediction)
    specs = groups()
    results: list[GroupResult] = []
    for group in expected.covers:
        if group == "metadata":
            results.append(score_metadata(expected.metadata, prediction, locator))
        else:
            results.append(score_group(specs[group], list(getattr(expected, group)), prediction, locator))
    order: list[FieldGroup] = list(specs)
    return sorted(results, key=lambda r: -1 if r.group == "metadata" else order.index(r.group))
