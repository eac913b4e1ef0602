"""Structure and table inputs for the narrative stage, built by hand from the seed documents.

The narrative stage reads sections (from the structure stage) and self-evaluation tables (from the
table stage). These helpers locate the narrative headings and table cells in a seed's canonical
text by searching for their exact wording, so the narrative tests do not depend on the other stages.
"""

from __future__ import annotations

from functools import cache

from jixiao.ingest import read_document
from jixiao.schema import Document
from jixiao.schema import DocumentStructure
from jixiao.schema import Paragraph
from jixiao.schema import Provenance
from jixiao.schema import Section
from jixiao.schema import SectionKey
from jixiao.schema import SelfEvalTable
from jixiao.schema import TableGoal
from jixiao.schema import TablesResult
from tests.conftest import seed_path


def load(stem: str) -> Document:
    return read_document(seed_path(stem))


def section(doc: Document, key: SectionKey, heading: str, until: str | None, number: str) -> Section:
    """A section whose heading line is ``heading`` and whose body runs to the line starting ``until``."""
    start = doc.text.index(heading)
    end_heading = start + len(heading)
    end = doc.text.index(until, end_heading) if until else len(doc.text)
    blocks = [i for i, b in enumerate(doc.blocks) if b.prov.span and start <= b.prov.span[0] < end]
    para = doc.blocks[blocks[0]]
    assert isinstance(para, Paragraph)
    return Section(
        key=key,
        number_raw=number,
        depth=1,
        title=heading[len(number) :].strip(),
        title_raw=heading,
        body=doc.text[end_heading:end].strip(),
        span=(start, end_heading),
        body_span=(end_heading, end),
        block_range=(blocks[0], blocks[-1] + 1),
        prov=para.prov,
    )


def span_of(doc: Document, text: str, start: int = 0) -> tuple[int, int]:
    pos = doc.text.index(text, start)
    return (pos, pos + len(text))


def table_goal(doc: Document, target: str, actual: str | None) -> TableGoal:
    """A 年度总体目标 pair whose texts are exactly as in the document."""
    t_span = span_of(doc, target)
    a_span = span_of(doc, actual, t_span[1]) if actual else None
    return TableGoal(
        target_text=target,
        actual_text=actual,
        prov=Provenance(file=doc.name, span=t_span, method="table_rule"),
        actual_prov=Provenance(file=doc.name, span=a_span, method="table_rule") if a_span else None,
    )


def self_eval_table(
    doc: Document,
    *,
    scope: str,
    goals: list[TableGoal],
    name: str | None = None,
    code: str | None = None,
    problems: str | None = None,
    measures: str | None = None,
    around: tuple[int, int] | None = None,
) -> SelfEvalTable:
    return SelfEvalTable(
        scope=scope,  # type: ignore[arg-type]
        project_name=name,
        project_code=code,
        goals=goals,
        problems_text=problems,
        measures_text=measures,
        prov=Provenance(file=doc.name, span=around, method="table_rule"),
    )


# --- the five seeds --------------------------------------------------------------------------------


@cache
def seed_000() -> tuple[Document, DocumentStructure, TablesResult]:
    doc = load("000_hunan_2024")
    sections = [
        section(doc, SectionKey.PROBLEMS, "七、存在的问题及原因分析", "八、下一步改进措施", "七、"),
        section(doc, SectionKey.MEASURES, "八、下一步改进措施", "九、部门整体支出绩效自评结果", "八、"),
    ]
    dept_cells = doc.tables()[3].rows_text()[9]
    dept = self_eval_table(doc, scope="部门整体", goals=[table_goal(doc, dept_cells[1], dept_cells[2])])
    building = doc.tables()[4].rows_text()[8]
    yanghua = doc.tables()[6].rows_text()[8]
    projects = [
        self_eval_table(
            doc,
            scope="项目",
            name="妇女儿童活动中心综合楼改造",
            goals=[table_goal(doc, building[1], building[2])],
        ),
        self_eval_table(
            doc, scope="项目", name="向阳花行动", goals=[table_goal(doc, yanghua[1], yanghua[2])]
        ),
    ]
    return doc, DocumentStructure(sections=sections), TablesResult(dept_table=dept, project_tables=projects)


@cache
def seed_001() -> tuple[Document, DocumentStructure, TablesResult]:
    doc = load("001_yueyang_2024")
    sections = [
        section(doc, SectionKey.PROBLEMS, "7、 存在的主要问题及原因分析", "8、 下一步改进措施", "7、"),
        section(doc, SectionKey.MEASURES, "8、 下一步改进措施", "九、部门整体支出绩效自评结果", "8、"),
    ]
    return doc, DocumentStructure(sections=sections), TablesResult()


@cache
def seed_002() -> tuple[Document, DocumentStructure, TablesResult]:
    doc = load("002_yuelu_2021")
    sections = [
        section(
            doc, SectionKey.PROBLEMS, "四、存在的主要问题及原因分析", "五、下一步改进措施和有关建议", "四、"
        ),
        section(doc, SectionKey.MEASURES, "五、下一步改进措施和有关建议", None, "五、"),
    ]
    cells = doc.tables()[0].rows_text()[12]
    dept = self_eval_table(doc, scope="部门整体", goals=[table_goal(doc, cells[1], cells[2])])
    return doc, DocumentStructure(sections=sections), TablesResult(dept_table=dept)


@cache
def seed_003() -> tuple[Document, DocumentStructure, TablesResult]:
    doc = load("003_wangcheng_2020")
    t = doc.text
    target = t[t.index("指标 1：") : t.index("\n", t.index("指标 9："))]
    actual_start = t.index("2020 年，举办了")
    actual_end = t.index("媒体广泛宣传报道。") + len("媒体广泛宣传报道。")
    dept = self_eval_table(doc, scope="部门整体", goals=[table_goal(doc, target, t[actual_start:actual_end])])
    return doc, DocumentStructure(), TablesResult(dept_table=dept)


HAPPY_FAMILY = "51030022Y000000325498"


@cache
def seed_004() -> tuple[Document, DocumentStructure, TablesResult]:
    doc = load("004_zigong_2022")
    sections = [
        section(doc, SectionKey.GOALS, "（四）部门整体支出绩效目标。", "二、部门资金收支情况", "（四）"),
        section(doc, SectionKey.PROBLEMS, "（二）存在问题。", "（3） 改进建议。", "（二）"),
        section(doc, SectionKey.MEASURES, "（3） 改进建议。", "附件2", "（3）"),
    ]
    table = doc.tables()[0]
    rows = table.rows_text()
    goal_row = next(r for r in rows if any("1.结合创文开展" in c for c in r))
    target = next(c for c in goal_row if c.startswith("1.结合创文开展"))
    actual = next(c for c in goal_row if c.startswith("开展2022年寻找"))
    problems = next(r for r in rows if "存在问题" in r)
    measures = next(r for r in rows if "改进措施" in r)
    project = self_eval_table(
        doc,
        scope="项目",
        code=HAPPY_FAMILY,
        name="市妇联幸福家庭再提升行动",
        goals=[table_goal(doc, target, actual)],
        problems=next(c for c in problems if c and c != "存在问题"),
        measures=next(c for c in measures if c and c != "改进措施"),
        around=table.prov.span,
    )
    placeholder = self_eval_table(
        doc,
        scope="项目",
        code="51030022T000000000000",
        name="（模板未填写）",
        goals=[],
        problems="结合自评情况，分析存在的问题及原因。（200字以内）",
        measures=" 无",
        around=table.prov.span,
    )
    return doc, DocumentStructure(sections=sections), TablesResult(project_tables=[project, placeholder])
