"""The form vocabulary: canonical fields ← the wordings published forms use, as data (``forms.yaml``);
the outline vocabulary: heading titles → canonical section keys, document titles → kinds (``outline.yaml``);
the metadata vocabulary: the labels of a unit's name and the administrative units of a region
(``metadata.yaml``).

One place says that ``全年实际值``, ``年终完成值`` and ``实际完成值（B）`` are the indicator's *actual*, that
``调整预算数`` is the fund row's *budget*, that ``本年财政拨款`` is the row category 当年财政拨款. The table
readers (:mod:`jixiao.tables`) and the table classifier (:mod:`jixiao.structure.table_kinds`) ask it;
nothing else holds wordings of column headers.

A header is matched in tiers, and the tier is recorded (``method``) so a reviewer sees why a column was
read as it was: ``exact`` (the header is a listed word), ``normalised`` (it is one after
:func:`~jixiao.vocabulary.normalise.header_core` removed widths, spaces, traditional characters, ``(A)``,
``(万元)``, ``(20分)`` …, or it contains a listed word), ``fuzzy`` (rapidfuzz similarity to a listed word
≥ :data:`FUZZY_THRESHOLD`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from collections.abc import Sequence
from contextlib import AbstractContextManager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from functools import lru_cache
from importlib import resources
from typing import Any
from typing import Literal
from typing import TypeVar

from jixiao.context import set_for_block
from jixiao.schema import L1
from jixiao.schema import L2
from jixiao.schema import DocKind
from jixiao.schema import Level
from jixiao.schema import MatchMethod
from jixiao.schema import SectionKey
from jixiao.schema import Template
from jixiao.vocabulary.normalise import HeaderCore
from jixiao.vocabulary.normalise import fold
from jixiao.vocabulary.normalise import header_core
from jixiao.vocabulary.normalise import simplified_text
from jixiao.vocabulary.normalise import simplified_view
from jixiao.vocabulary.normalise import to_simplified

Record = Literal["indicator", "fund", "goal"]
ContentKind = Literal["number", "percent", "amount", "value", "text", "label", "nature", "unit"]

FUZZY_THRESHOLD = 80.0
"""Minimum rapidfuzz ratio (0–100) for a header to be taken as a listed word it is not."""


_Level = TypeVar("_Level", L1, L2)


def _level_of(levels: Sequence[tuple[_Level, tuple[str, ...]]], label: str | None) -> _Level | None:
    """The first level one of whose words the label's core holds."""
    t = header_core(label or "").core if label else ""
    if not t:
        return None
    return next((level for level, words in levels if any(w in t for w in words)), None)


@dataclass(frozen=True)
class FieldSpec:
    """One canonical field of a record and the wordings that name it."""

    record: str
    name: str
    label: str
    words: frozenset[str]
    contains: tuple[str, ...]
    vetoes: tuple[str, ...]
    content: ContentKind | None


@dataclass(frozen=True)
class HeaderMatch:
    """A header read as a field: which field, how, how sure, and the header's unit and points."""

    field: str
    method: MatchMethod
    score: float
    header: HeaderCore


_NUMBERING = re.compile(
    r"^(?:其中[:：]?|[(（]?\d+[)）.、．]|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）])+"
)
_LEADING_DIGIT = re.compile(r"^\d{1,2}(?=[\u4e00-\u9fff])")  # ①项目支出 (① folds to 1)
_UNIT_NOTE = re.compile(r"(?:金额)?单位[:：]?(?:人民币)?(?P<u>亿元|万元|千元|元)")
_PAREN_UNIT = re.compile(r"\((?P<u>亿元|万元|千元|元)\)")


_LEARNED: ContextVar[Mapping[tuple[str, str], str] | None] = ContextVar("learned_headers", default=None)


def learned_headers(
    mapping: Mapping[tuple[str, str], str],
) -> AbstractContextManager[Mapping[tuple[str, str], str] | None]:
    """Within the block, headers ``(record, folded header)`` the vocabulary does not know are read as the
    given fields (``method="llm"``): what an LLM said of a document's odd headers, for that document only."""
    return set_for_block(_LEARNED, mapping)


class Vocabulary:
    """The loaded vocabulary (see the module docstring); get it with :func:`vocabulary`."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.fields: dict[str, dict[str, FieldSpec]] = {}
        self._known: dict[str, frozenset[str]] = {}
        for record, spec in data["records"].items():
            out: dict[str, FieldSpec] = {}
            for name, f in spec["fields"].items():
                out[name] = FieldSpec(
                    record=record,
                    name=name,
                    label=f["label"],
                    words=frozenset(header_core(w).core for w in f.get("words", [])),
                    contains=tuple(fold(w) for w in f.get("contains", [])),
                    vetoes=tuple(fold(w) for w in f.get("not", [])),
                    content=f.get("content"),
                )
            self.fields[record] = out
            self._known[record] = frozenset(header_core(w).core for w in spec.get("known", []))
        rows = data["rows"]
        self._fund_words = sorted(
            ((fold(w), cat) for cat, words in rows["fund_categories"].items() for w in words),
            key=lambda p: -len(p[0]),
        )
        self._fund_exact = {w: cat for w, cat in self._fund_words}
        self._breakdowns = [(fold(w), b) for b, words in rows["breakdowns"].items() for w in words]
        self._level1 = [(L1(k), tuple(fold(w) for w in words)) for k, words in rows["level1"].items()]
        self._level2 = [(L2(k), tuple(fold(w) for w in words)) for k, words in rows["level2"].items()]
        self._totals = frozenset(fold(w) for w in rows["totals"])
        self._identity = sorted(
            ((fold(w), field) for field, words in rows["identity"].items() for w in words),
            key=lambda p: -len(p[0]),
        )
        self.amount_units: dict[str, Decimal] = {u: Decimal(v) for u, v in rows["amount_units"].items()}
        self._statement = [
            (fold(w), field) for field, words in data["statement_columns"].items() for w in words
        ]
        labels = data["level_labels"]
        self.level1_labels = tuple(fold(w) for w in labels["level1"])
        self.level2_labels = tuple(fold(w) for w in labels["level2"])
        self.block_labels = tuple(fold(w) for w in labels["blocks"])
        self._all_words: dict[str, list[tuple[str, str]]] = {
            record: [(w, f.name) for f in fields.values() for w in sorted(f.words)]
            for record, fields in self.fields.items()
        }

    # --- column headers -----------------------------------------------------------------------------

    def match_header(self, record: Record, text: str | None, *, fuzzy: bool = True) -> HeaderMatch | None:
        """The field of ``record`` a column header names, or None (cached: forms repeat their headers).

        ``实际完成值（B）`` → actual (normalised); ``全年实际值`` → actual (exact); ``实际完成指标值`` → actual
        (the longest contained word wins over 指标值); ``年度指标直`` → target (fuzzy).
        """
        if not text or not text.strip():
            return None
        found = self._match(record, text, fuzzy)
        learned = _LEARNED.get()
        if found is None and learned:
            name = learned.get((record, fold(text)))
            if name is not None and name in self.fields[record]:
                return HeaderMatch(name, "llm", 1.0, header_core(text))
        return found

    @lru_cache(maxsize=32768)  # noqa: B019 - one Vocabulary per process (vocabulary() is cached)
    def _match(self, record: Record, text: str, fuzzy: bool) -> HeaderMatch | None:
        hc = header_core(text)
        core = hc.core
        if not core:
            return None
        fields = self.fields[record]
        for spec in fields.values():
            if core in spec.words:
                exact = hc.folded == core and fold(text) == core
                return HeaderMatch(spec.name, "exact" if exact else "normalised", 1.0, hc)
        if core in self._known.get(record, frozenset()):
            return None  # a column forms print that holds no field (得分系数, 评分标准 …)
        best: tuple[int, FieldSpec] | None = None
        for spec in fields.values():
            if any(v in core for v in spec.vetoes):
                continue
            for word in spec.contains:
                if word in core and (best is None or len(word) > best[0]):
                    best = (len(word), spec)
        if best is not None:
            return HeaderMatch(best[1].name, "normalised", 0.9, hc)
        if fuzzy and len(core) >= 2:
            return self._fuzzy(record, hc)
        return None

    def _fuzzy(self, record: Record, hc: HeaderCore) -> HeaderMatch | None:
        from rapidfuzz import fuzz
        from rapidfuzz import process

        words = [(w, f) for w, f in self._all_words[record] if abs(len(w) - len(hc.core)) <= 1]
        if not words:
            return None
        found = process.extractOne(hc.core, [w for w, _ in words], scorer=fuzz.ratio)
        if found is None or found[1] < FUZZY_THRESHOLD:
            return None
        name = words[found[2]][1]
        spec = self.fields[record][name]
        if any(v in hc.core for v in spec.vetoes):
            return None
        return HeaderMatch(name, "fuzzy", round(float(found[1]) / 100, 3), hc)

    def is_known_column(self, record: str, text: str | None) -> bool:
        """A column header forms print that holds no field (评分标准, 佐证资料 …)."""
        return bool(text) and header_core(text or "").core in self._known.get(record, frozenset())

    def spec(self, record: Record, name: str) -> FieldSpec:
        return self.fields[record][name]

    def entries(self) -> frozenset[str]:
        """Every field the vocabulary names, as the field registry links them: ``indicator.target`` (a column
        of a form part), ``identity.project_name`` (an identity row), ``statement.final`` (a 决算 column)."""
        columns = {f"{record}.{name}" for record, fields in self.fields.items() for name in fields}
        identity = {f"identity.{field}" for _, field in self._identity}
        statement = {f"statement.{field}" for _, field in self._statement}
        return frozenset(columns | identity | statement)

    # --- row labels ---------------------------------------------------------------------------------

    def clean_label(self, label: str | None) -> str:
        """``其中：  一般公共预算：`` → ``一般公共预算``; ``（1）财政拨款`` → ``财政拨款`` (folded, for matching)."""
        t = _NUMBERING.sub("", fold(label or ""))
        t = _LEADING_DIGIT.sub("", t)
        return t.rstrip(":：")

    def fund_category(self, label: str | None) -> str | None:
        """The FundRow category a row label names (``本年财政拨款`` → 当年财政拨款), or None."""
        t = self.clean_label(label)
        t = _PAREN_UNIT.sub("", t)
        if not t or len(t) > 16:
            return None
        if t in self._fund_exact:
            return self._fund_exact[t]
        for word, cat in self._fund_words:
            # 其他资金(含…) starts with a word; 其他运转类 (a project) does not start a 2-character one.
            if len(word) >= 3 and t.startswith(word):
                return cat
        for word, cat in self._fund_words:
            # A level or source before a long fund word: 县（市、区）财政资金, 乡镇级财政资金.
            if len(word) >= 4 and t.endswith(word):
                return cat
        return None

    def breakdown(self, label: str | None) -> str | None:
        t = fold(label or "")
        return next((b for w, b in self._breakdowns if w in t), None)

    def level1(self, label: str | None) -> L1 | None:
        """一级指标 → L1 (``产出指标(50分)`` → 产出指标; ``…完成指标`` → 产出指标)."""
        return _level_of(self._level1, label)

    def level2(self, label: str | None) -> L2 | None:
        """二级指标 → L2, by the same rule as :meth:`level1`."""
        return _level_of(self._level2, label)

    def is_total_label(self, label: str | None) -> bool:
        """总分 / 合计 / 总计 / 综合得分 … (the row of an indicator part's reported totals)."""
        t = self.clean_label(label)
        t = re.sub(r"\(.*\)$", "", t)
        return t in self._totals

    def identity_field(self, label: str | None) -> str | None:
        """project_name / competent_dept / implementing_unit / dept_name for an identity row's label."""
        t = self.clean_label(label)
        if not t or len(t) > 20:
            return None
        for word, field in self._identity:
            if t == word or (t.startswith(word) and len(t) <= len(word) + 4):
                return field
        return None

    def statement_field(self, leaf: str | None) -> str | None:
        """budget / final / basic / project for a 决算 statement's column header leaf."""
        t = header_core(leaf or "").core if leaf else ""
        return next((f for w, f in self._statement if t == w), None)

    # --- units --------------------------------------------------------------------------------------

    def unit_note(self, text: str | None) -> str | None:
        """The amount unit a note or label states: ``单位：元`` / ``金额单位：万元`` / ``项目资金（万元）`` → unit."""
        if not text:
            return None
        t = fold(text)
        m = _UNIT_NOTE.search(t) or _PAREN_UNIT.search(t)
        return m.group("u") if m else None


def word_list(name: str) -> dict[str, Any]:
    """The parsed ``jixiao/vocabulary/<name>.yaml``: the vocabularies here, and the word lists that belong to
    one reader each (``values``: comparison words, units and placeholders of indicator value cells;
    ``figures``: the named totals of a 决算说明's running text; ``statements``: the column and row wordings
    of the 决算 statements)."""
    import yaml

    text = resources.files("jixiao.vocabulary").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    # libyaml's loader where PyYAML was built with it: the same safe loading, several times faster.
    data: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The shipped vocabulary (``jixiao/vocabulary/forms.yaml``), loaded once per process."""
    return Vocabulary(word_list("forms"))


def _patterns(entries: list[dict[str, Any]], name: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each entry's ``name`` and its patterns as one alternation."""
    return tuple((str(e[name]), re.compile("|".join(e["patterns"]))) for e in entries)


@dataclass(frozen=True)
class TemplateRows:
    """A template family marked by rows: a document of ``kind`` whose text holds every word of one of the
    sets in ``rows``."""

    template: Template
    kind: DocKind
    rows: tuple[tuple[str, ...], ...]
    title: re.Pattern[str]


@dataclass(frozen=True)
class OutlineWords:
    """The outline vocabulary: in the order they are tried, the pattern of each section key's headings and
    of each document kind's titles; the columns and the rows that mark a template family."""

    sections: tuple[tuple[SectionKey, re.Pattern[str]], ...]
    task_list: re.Pattern[str]
    """A 年度(主要)工作任务 heading, a GOALS title only where no other heading is."""
    documents: tuple[tuple[DocKind, re.Pattern[str]], ...]
    template_columns: tuple[tuple[Template, re.Pattern[str]], ...]
    template_rows: tuple[TemplateRows, ...]


@lru_cache(maxsize=1)
def outline_words() -> OutlineWords:
    """The shipped outline vocabulary (``jixiao/vocabulary/outline.yaml``), loaded once per process."""
    data = word_list("outline")
    return OutlineWords(
        sections=tuple((SectionKey(k), p) for k, p in _patterns(data["headings"], "key")),
        task_list=re.compile(data["task_list"]),
        documents=tuple((DocKind[k], p) for k, p in _patterns(data["documents"], "kind")),
        template_columns=tuple(
            (Template[e["template"]], re.compile(e["pattern"])) for e in data["template_columns"]
        ),
        template_rows=tuple(
            TemplateRows(
                Template[e["template"]],
                DocKind[e["kind"]],
                tuple(tuple(words) for words in e["rows"]),
                re.compile(e["title"]),
            )
            for e in data["template_rows"]
        ),
    )


@dataclass(frozen=True)
class UnitField:
    """How a form labels a unit's name: a table cell that is the label, and the label before the name on a
    line of text (the name in its group ``value`` or ``dept``)."""

    cell: re.Pattern[str]
    inline: re.Pattern[str]


@dataclass(frozen=True)
class MetadataWords:
    """The metadata vocabulary: the labels of a unit's name and of the fill-in date, and the administrative
    units that end a region's name, with the level each gives."""

    unit_fields: dict[str, UnitField]
    date_field: re.Pattern[str]
    levels: tuple[tuple[Level, tuple[str, ...]], ...]
    no_level: tuple[str, ...]
    municipalities: frozenset[str]
    bare_unit_not: re.Pattern[str]
    county_level_cities: frozenset[str]
    org_endings_long: tuple[str, ...]
    org_endings_short: tuple[str, ...]
    org_ending_not_before: tuple[str, ...]
    not_place_prefixes: tuple[str, ...]

    def units(self, level: Level) -> tuple[str, ...]:
        """The unit words of one level (市: 自治州, 地区, 市 …)."""
        return next(words for lv, words in self.levels if lv is level)

    @cached_property
    def unit_chars(self) -> frozenset[str]:
        """The one-character unit words (省, 市, 州, 县, 区 …)."""
        return frozenset(w for _, ws in self.levels for w in ws if len(w) == 1)

    @cached_property
    def unit(self) -> re.Pattern[str]:
        """One administrative unit: a name and the word of its kind (长沙市, 岳麓区, 昌吉回族自治州)."""
        words = [w for _, ws in self.levels for w in ws] + list(self.no_level)
        units = "|".join(sorted(words, key=len, reverse=True))
        return re.compile(rf"[\u4e00-\u9fff]{{1,8}}?(?:{units})")

    @cached_property
    def region(self) -> re.Pattern[str]:
        """The leading administrative units of a name (长沙市岳麓区…, 池州市贵池区棠溪镇…)."""
        return re.compile(rf"^(?:{self.unit.pattern})+")


@lru_cache(maxsize=1)
def metadata_words() -> MetadataWords:
    """The shipped metadata vocabulary (``jixiao/vocabulary/metadata.yaml``), loaded once per process."""
    data = word_list("metadata")
    return MetadataWords(
        unit_fields={
            name: UnitField(re.compile(field["cell"]), re.compile(field["inline"]))
            for name, field in data["unit_fields"].items()
        },
        date_field=re.compile(data["date_field"]),
        levels=tuple((Level(level), tuple(words)) for level, words in data["levels"].items()),
        no_level=tuple(data["no_level"]),
        municipalities=frozenset(data["municipalities"]),
        bare_unit_not=re.compile(data["bare_unit_not"]),
        county_level_cities=frozenset(data["county_level_cities"]),
        org_endings_long=tuple(data["org_endings"]["long"]),
        org_endings_short=tuple(data["org_endings"]["short"]),
        org_ending_not_before=tuple(data["org_endings"]["not_before"]),
        not_place_prefixes=tuple(data["not_place_prefixes"]),
    )


__all__ = [
    "FUZZY_THRESHOLD",
    "FieldSpec",
    "HeaderCore",
    "HeaderMatch",
    "MetadataWords",
    "OutlineWords",
    "Record",
    "TemplateRows",
    "UnitField",
    "Vocabulary",
    "fold",
    "header_core",
    "learned_headers",
    "metadata_words",
    "outline_words",
    "simplified_text",
    "simplified_view",
    "to_simplified",
    "vocabulary",
    "word_list",
]
