"""What the tool said about a document, in the golden answer format, with provenance per item.

Scoring compares two :class:`~jixiao.eval.answers.GoldenAnswer` objects: the hand-made one and the one
built here from a :class:`~jixiao.schema.Report`. Keeping one format for both lets the same matcher
score a damaged copy of the answers in the tests, and lets the review app export corrections as answers.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from jixiao.eval.answers import (
    FIELD_GROUPS,
    BasicDataAnswer,
    FieldGroup,
    FinalAccountAnswer,
    FindingAnswer,
    FundAnswer,
    GoalAnswer,
    GoldenAnswer,
    IndicatorAnswer,
    MeasureAnswer,
    MetadataAnswer,
    ProblemAnswer,
    ProjectTableAnswer,
    SectionAnswer,
    ValueAnswer,
)
from jixiao.eval.normalise import norm_label
from jixiao.schema import (
    Amount,
    FundRow,
    GoalItem,
    Op,
    PerformanceIndicator,
    Provenance,
    Report,
    SelfEvalTable,
    Template,
    Value,
)

DEPT_TABLE = "dept"


class ItemSource(BaseModel):
    """Where one predicted item came from: the item's provenance and, where known, each field's."""

    prov: Provenance | None = None
    fields: dict[str, Provenance] = Field(default_factory=dict)

    def for_field(self, path: str | None) -> Provenance | None:
        """Provenance of a field (``"target.num"`` → the target cell), else of the whole item."""
        if path:
            head = path.split(".")[0]
            for key in (path, head, head.removesuffix("_raw")):
                if key in self.fields:
                    return self.fields[key]
        return self.prov


class Prediction(BaseModel):
    """A report rewritten as answers, plus provenance parallel to every group's item list."""

    answer: GoldenAnswer
    sources: dict[FieldGroup, list[ItemSource]] = Field(default_factory=dict)
    table_aliases: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Project table ref → every name it may be called by (code, name, title)",
    )

    def source(self, group: FieldGroup, index: int) -> ItemSource:
        items = self.sources.get(group, [])
        return items[index] if index < len(items) else ItemSource()


def _wan(amount: Amount | None) -> Decimal | None:
    """The amount in 万元; a figure without a money unit (a headcount, a rate) as written."""
    if amount is None:
        return None
    return amount.wan if amount.unit is not None else amount.value


def _text(value: str | None) -> str | None:
    return value if value and value.strip() else None


def value_answer(value: Value) -> ValueAnswer:
    """A parsed cell value as the golden answer format writes it."""
    return ValueAnswer(
        op=value.op,
        num=value.num,
        num_hi=value.num_hi,
        unit=value.unit,
        grade=value.grade,
        status=value.status,
        pct_done=value.pct_done,
        is_placeholder=value.is_placeholder,
    )


def table_ref(table: SelfEvalTable) -> str:
    """How answers name a table: 'dept' for the department table, else the project code or name."""
    if table.scope == "部门整体":
        return DEPT_TABLE
    return table.project_code or table.project_name or table.title or "?"


def _fund(ref: str, row: FundRow) -> tuple[FundAnswer, ItemSource]:
    answer = FundAnswer(
        table=ref,
        label=row.label_raw,
        category=row.category,
        breakdown=row.breakdown,
        initial_budget=_wan(row.initial_budget),
        budget=_wan(row.budget),
        executed=_wan(row.executed),
        transfer=_wan(row.transfer),
        rate=row.rate_reported,
        rate_formula=row.rate_formula,
        weight=row.weight,
        score=row.score,
    )
    cells = {
        name: amount.prov
        for name, amount in (
            ("initial_budget", row.initial_budget),
            ("budget", row.budget),
            ("executed", row.executed),
            ("transfer", row.transfer),
        )
        if amount is not None and amount.prov is not None
    }
    return answer, ItemSource(prov=row.prov, fields=cells)


def _indicator(ref: str, ind: PerformanceIndicator) -> tuple[IndicatorAnswer, ItemSource]:
    answer = IndicatorAnswer(
        table=ref,
        level1=ind.level1,
        level2=ind.level2,
        level1_raw=_text(ind.level1_raw),
        level2_raw=_text(ind.level2_raw),
        name=ind.name,
        content=_text(ind.content),
        target_raw=_text(ind.target.raw),
        actual_raw=_text(ind.actual.raw),
        target=value_answer(ind.target),
        actual=value_answer(ind.actual),
        weight=ind.weight,
        score=ind.score,
        deviation_reason=_text(ind.deviation_reason),
    )
    return answer, ItemSource(prov=ind.prov, fields=dict(ind.cells))


def _project(ref: str, table: SelfEvalTable) -> ProjectTableAnswer:
    return ProjectTableAnswer(
        ref=ref,
        code=table.project_code,
        name=table.project_name,
        category=table.project_category,
        competent_dept=table.competent_dept,
        implementing_unit=table.implementing_unit,
        total_weight=table.total_weight_reported,
        total_score=table.total_score_reported,
        conclusion=table.conclusion,
        problems_text=table.problems_text,
        measures_text=table.measures_text,
        renderings=table.renderings,
        indicator_count=len(table.indicators),
    )


def _contains(a: str, b: str) -> bool:
    na, nb = norm_label(a), norm_label(b)
    return bool(na and nb) and (na in nb or nb in na)


def _project_of(goal: GoalItem, projects: list[SelfEvalTable]) -> str | None:
    """The project table a project goal was read from, when the item does not carry a code (湖南 tables have none).

    By provenance (same table block), else by the goal cell that contains the item's text.
    """
    table_index = goal.prov.table if goal.prov is not None else None
    for t in projects:
        if table_index is not None and t.prov.table == table_index:
            return table_ref(t)
    for t in projects:
        if any(_contains(cell.target_text, goal.text) for cell in t.goals):
            return table_ref(t)
    return None


def _goals(report: Report, tables: list[SelfEvalTable]) -> list[tuple[GoalAnswer, ItemSource]]:
    """The narrative stage's goals, plus table goal cells it did not turn into items.

    A table's 年度总体目标 cell may hold several goals that the narrative stage splits; a cell that
    contains (or is contained in) an item's text is already represented and is left out.
    """
    out: list[tuple[GoalAnswer, ItemSource]] = []
    projects = [t for t in tables if t.scope == "项目"]
    for goal in report.goals:
        target = goal.target
        project = goal.project_code
        if goal.scope == "项目" and project is None:
            project = _project_of(goal, projects)
        out.append(
            (
                GoalAnswer(
                    scope=goal.scope,
                    project=project,
                    text=goal.text,
                    op=target.op if target is not None and target.op != Op.NONE else None,
                    quantity=target.num if target is not None else None,
                    unit=target.unit if target is not None else None,
                    deadline=goal.deadline,
                    actual_text=goal.actual_text,
                ),
                ItemSource(prov=goal.prov),
            )
        )
    item_texts = [g.text for g in report.goals]
    for table in tables:
        project = None if table.scope == "部门整体" else table_ref(table)
        for cell in table.goals:
            if any(_contains(cell.target_text, t) for t in item_texts):
                continue
            answer = GoalAnswer(
                scope=table.scope, project=project, text=cell.target_text, actual_text=cell.actual_text
            )
            out.append((answer, ItemSource(prov=cell.prov)))
    return out


def report_to_prediction(report: Report, doc: str) -> Prediction:
    """Rewrite a report as answers for document ``doc`` (every field group covered)."""
    tables = [t for t in [report.dept_table, *report.project_tables] if t is not None]
    aliases = {
        table_ref(t): [x for x in (t.project_code, t.project_name, t.title) if x]
        for t in report.project_tables
    }
    funds = [_fund(table_ref(t), row) for t in tables for row in t.funds]
    indicators = [_indicator(table_ref(t), ind) for t in tables for ind in t.indicators]
    goals = _goals(report, tables)
    answer = GoldenAnswer(
        doc=doc,
        covers=list(FIELD_GROUPS),
        metadata=MetadataAnswer(
            department=report.department,
            region=report.region,
            level=report.level,
            fiscal_year=report.fiscal_year,
            kinds=list(report.kinds),
            template=None if report.template == Template.UNKNOWN else report.template,
        ),
        sections=[
            SectionAnswer(title=s.title, key=s.key, number_raw=s.number_raw, depth=s.depth)
            for s in report.iter_sections()
        ],
        funds=[a for a, _ in funds],
        indicators=[a for a, _ in indicators],
        project_tables=[_project(table_ref(t), t) for t in report.project_tables],
        basic_data=[
            BasicDataAnswer(
                group=b.group,
                label=b.label,
                prior_final=_wan(b.prior_final),
                budget=_wan(b.budget),
                final=_wan(b.final),
            )
            for b in report.basic_data
        ],
        final_account=[
            FinalAccountAnswer(
                table=f.table,
                name=f.name,
                func_code=f.func_code,
                econ_code=f.econ_code,
                level=f.level,
                budget=_wan(f.budget),
                final=_wan(f.final),
                basic=_wan(f.basic),
                project=_wan(f.project),
                source=f.source,
            )
            for f in report.final_account
        ],
        goals=[a for a, _ in goals],
        problems=[ProblemAnswer(text=p.text, cause=p.cause, category=p.category) for p in report.problems],
        measures=[
            MeasureAnswer(text=m.text, category=m.category, addresses=m.addresses) for m in report.measures
        ],
        findings=[
            FindingAnswer(check=f.check, subject=f.subject, severity=f.severity, note=f.message)
            for f in report.findings
        ],
    )
    sources: dict[FieldGroup, list[ItemSource]] = {
        "metadata": [ItemSource(fields=dict(report.meta_prov))],
        "sections": [ItemSource(prov=s.prov) for s in report.iter_sections()],
        "funds": [s for _, s in funds],
        "indicators": [s for _, s in indicators],
        "project_tables": [ItemSource(prov=t.prov) for t in report.project_tables],
        "basic_data": [ItemSource(prov=b.prov) for b in report.basic_data],
        "final_account": [ItemSource(prov=f.prov) for f in report.final_account],
        "goals": [s for _, s in goals],
        "problems": [ItemSource(prov=p.prov) for p in report.problems],
        "measures": [ItemSource(prov=m.prov) for m in report.measures],
        "findings": [ItemSource(prov=f.refs[0] if f.refs else None) for f in report.findings],
    }
    return Prediction(answer=answer, sources=sources, table_aliases=aliases)


def empty_prediction(doc: str) -> Prediction:
    """The prediction of a rendering the tool could not read: nothing found."""
    return Prediction(answer=GoldenAnswer(doc=doc, covers=list(FIELD_GROUPS)))
