"""The evaluation report: counts, metrics and mismatches per rendering and field group."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel
from pydantic import Field

from jixiao.eval.answers import FieldGroup

MetricName = Literal["precision", "recall", "f1", "exact"]
METRIC_NAMES: tuple[MetricName, ...] = ("precision", "recall", "f1", "exact")


class Counts(BaseModel):
    """Raw counts of one field group; metrics are derived from them, so they add across documents."""

    expected: int = Field(default=0, description="Items in the answers")
    predicted: int = Field(default=0, description="Items the tool produced")
    matched: int = Field(default=0, description="Expected items aligned with a predicted one")
    fields: int = Field(default=0, description="Scored fields compared within matched items")
    fields_correct: int = Field(default=0, description="Of those, fields the tool got right")

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            expected=self.expected + other.expected,
            predicted=self.predicted + other.predicted,
            matched=self.matched + other.matched,
            fields=self.fields + other.fields,
            fields_correct=self.fields_correct + other.fields_correct,
        )


def _ratio(num: int, den: int) -> float:
    return round(num / den, 4)


class Metrics(BaseModel):
    """Precision, recall, F1 of item alignment, and the exact-match rate of fields within matched items.

    Conventions when a denominator is zero: nothing expected and nothing predicted scores 1.0 on
    precision, recall and F1; nothing predicted leaves precision None (recall is 0); nothing expected
    leaves recall None (precision is 0); no field compared leaves ``exact`` None.
    """

    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    exact: float | None = None
    counts: Counts = Field(default_factory=Counts)

    @classmethod
    def from_counts(cls, c: Counts) -> Metrics:
        if c.expected == 0 and c.predicted == 0:
            p: float | None = 1.0
            r: float | None = 1.0
            f1: float | None = 1.0
        else:
            p = _ratio(c.matched, c.predicted) if c.predicted else None
            r = _ratio(c.matched, c.expected) if c.expected else None
            pv, rv = p or 0.0, r or 0.0
            f1 = round(2 * pv * rv / (pv + rv), 4) if pv + rv else 0.0
        exact = _ratio(c.fields_correct, c.fields) if c.fields else None
        return cls(precision=p, recall=r, f1=f1, exact=exact, counts=c)

    def get(self, name: MetricName) -> float | None:
        value: float | None = getattr(self, name)
        return value


class Mismatch(BaseModel):
    """One thing the tool got wrong, with where to look."""

    group: FieldGroup
    kind: Literal["missing", "spurious", "field"] = Field(
        description="missing: expected, not found; spurious: found, not expected; field: matched item, wrong field"
    )
    item: str = Field(description="Short description of the item")
    field: str | None = None
    expected: str | None = None
    got: str | None = None
    where: str | None = Field(
        default=None, description="File and place: the tool's provenance, or where the answer is"
    )


class GroupResult(BaseModel):
    group: FieldGroup
    metrics: Metrics
    mismatches: list[Mismatch] = Field(default_factory=list)


class RenderingResult(BaseModel):
    """One rendering (``<doc>.txt``, ``.docx`` or ``.pdf``) of a golden document, scored."""

    doc: str
    file: str = Field(description="File name in golden/docs")
    format: str
    error: str | None = Field(default=None, description="Why the tool produced no report, if it did not")
    seconds: float = 0.0
    groups: list[GroupResult] = Field(default_factory=list)
    against_docx: list[GroupResult] = Field(
        default_factory=list,
        description="For a workbook, web page or scan: this rendering's reading scored against the DOCX "
        "rendering's reading of the same content (the DOCX reading taken as the answers)",
    )

    def group(self, name: FieldGroup) -> GroupResult | None:
        return next((g for g in self.groups if g.group == name), None)


class GateFailure(BaseModel):
    metric: str
    baseline: float | None
    current: float | None
    reason: str


class GateResult(BaseModel):
    """Outcome of comparing a run with the baseline."""

    backend: str
    tolerance: float
    failures: list[GateFailure] = Field(default_factory=list)
    improved: list[GateFailure] = Field(
        default_factory=list, description="Metrics above baseline + tolerance"
    )
    not_in_baseline: list[str] = Field(default_factory=list)
    checked: int = 0

    @property
    def passed(self) -> bool:
        return not self.failures


class EvalReport(BaseModel):
    """The result of one ``jixiao eval`` run."""

    backend: str
    jixiao_version: str
    created: str
    golden: str
    renderings: list[RenderingResult] = Field(default_factory=list)
    aggregate: dict[str, Metrics] = Field(
        default_factory=dict, description="Per field group, counts summed over all renderings"
    )
    skipped: list[str] = Field(
        default_factory=list, description="Renderings named by an answer file but absent"
    )
    gate: GateResult | None = Field(default=None, description="Comparison with the baseline, when checked")

    def metric_values(self) -> dict[str, float | None]:
        """Every gated metric by name: ``<file>/<group>/<metric>``."""
        out: dict[str, float | None] = {}
        for r in self.renderings:
            for g in r.groups:
                for m in METRIC_NAMES:
                    out[f"{r.file}/{g.group}/{m}"] = g.metrics.get(m)
        return out
