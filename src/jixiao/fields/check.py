"""What makes a registry wrong: a model field with no entry, an entry that names no field, two columns or
answer fields of one name. A registry is checked when it is made, so a wrong one fails at import."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from jixiao.errors import JixiaoError
from jixiao.fields.record import Record


class RegistryError(JixiaoError):
    """The field registry does not describe the schema's models (every problem is listed)."""


def _twice(names: Iterable[str]) -> list[str]:
    return sorted(n for n, k in Counter(names).items() if k > 1)


def record_problems(record: Record) -> list[str]:
    """Problems of one record: fields of its model without an entry, entries naming no field, repeats."""
    out = []
    names = [f.name for f in record.fields]
    model = list(record.model.model_fields)
    out += [
        f"{record.name}.{n}: a field of the model with no registry entry" for n in model if n not in names
    ]
    out += [
        f"{record.name}.{n}: a registry entry that names no field of the model"
        for n in names
        if n not in model
    ]
    out += [f"{record.name}.{n}: more than one registry entry" for n in _twice(names)]
    if record.export is not None:
        keys = [c.key for c in record.export.layout(record.columns())]
        out += [f"{record.export.table}.{k}: more than one column of this name" for k in _twice(keys)]
    answers = [c.answer for _, c in record.compares()]
    answers += [k.answer for k in record.scored.keys] if record.scored else []
    out += [f"{record.name}: answer field '{a}' given twice" for a in _twice(answers)]
    if (record.export or record.scored or record.shown) and record.where is None:
        out.append(f"{record.name}: a record with views needs a place in the report (where)")
    return out


def registry_problems(records: tuple[Record, ...]) -> list[str]:
    """Every problem of a set of records (see :func:`record_problems`), plus those between records."""
    out = [p for r in records for p in record_problems(r)]
    tables = [r.export.table for r in records if r.export is not None]
    out += [f"tidy table '{t}' filled by more than one record" for t in _twice(tables)]
    links = [f.vocab for r in records for f in r.fields if f.vocab]
    out += [f"vocabulary entry '{v}' linked from more than one field" for v in _twice(links)]
    groups: dict[str, list[Record]] = {}
    for r in records:
        if r.scored is not None:
            groups.setdefault(r.scored.group, []).append(r)
    for group, members in groups.items():
        primary = [r for r in members if r.scored is not None and not r.scored.also]
        if len(primary) != 1:
            out.append(f"answer group '{group}' needs exactly one record that defines its format")
            continue
        kinds = {c.answer: c.kind for _, c in primary[0].compares()}
        for r in members:
            for _, c in r.compares():
                if r is not primary[0] and kinds.get(c.answer, "missing") != c.kind:
                    out.append(
                        f"{r.name}: answer field '{c.answer}' is not one of '{group}' (or is scored otherwise)"
                    )
    return out


def check(records: tuple[Record, ...]) -> None:
    """Raises:
    RegistryError: the records have problems (all of them are listed)."""
    problems = registry_problems(records)
    if problems:
        raise RegistryError(None, "the field registry does not fit the schema: " + "; ".join(problems))
