"""Where the narrative is: structure sections, table cells, and the heading search when sections are missing."""

from __future__ import annotations

import pytest

from jixiao.narrative import RulesBackend
from jixiao.narrative.assemble import DocumentLocator
from jixiao.narrative.assemble import Producer
from jixiao.narrative.regions import find_regions
from jixiao.narrative.regions import narrative_view
from jixiao.pipeline import prepare
from jixiao.schema import DocumentStructure
from jixiao.schema import SectionKey
from jixiao.schema import TablesResult
from tests.conftest import GOLDEN_DOCS
from tests.narrative import seed_inputs


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        (
            "000_hunan_2024",
            [
                ("problems", "（一）2024年全年预算执行率", "影响还不够深远"),
                ("measures", "（一）对项目实施", "下次资金分配的依据。"),
            ],
        ),
        (
            "001_yueyang_2024",
            [
                ("problems", "1、县级妇女儿童活动中心", "没有履行好妇联主席的职责。"),
                ("measures", "1、强化政治引领", "困境关爱服务活动品牌。"),
            ],
        ),
        (
            "002_yuelu_2021",
            [
                ("problems", "整体支出绩效管理工作", "一定差距。"),
                ("measures", "加强与财政局业务沟通", "管理精细化。"),
            ],
        ),
        (
            "004_zigong_2022",
            [
                ("goals", "持续推进市妇联“1136”工作思路", "贡献巾帼力量。"),
                ("problems", "1. 对绩效评价工作", "带来一定的困难。"),
                ("measures", "下一步，将严格按照相关规定", "全面提升预算执行效果。"),
            ],
        ),
        ("003_wangcheng_2020", []),
    ],
)
def test_heading_search_finds_the_sections_when_the_structure_has_none(
    stem: str, expected: list[tuple[str, str, str]]
) -> None:
    doc = seed_inputs.load(stem)
    regions = find_regions(doc, DocumentStructure(), TablesResult())
    got = [(r.target, r.text.strip()) for r in regions]
    assert [t for t, _ in got] == [t for t, _, _ in expected]
    for (_, text), (_, head, tail) in zip(got, expected, strict=True):
        assert text.startswith(head) and text.endswith(tail), text[:40]
    for r in regions:
        assert r.origin == "heading_search" and r.base is not None
        assert doc.text[r.base : r.base + len(r.text)] == r.text


def test_heading_search_gives_the_same_items_as_structure_sections() -> None:
    doc, structure, _ = seed_inputs.seed_001()
    by_structure = RulesBackend().interpret(doc, structure, TablesResult())
    by_search = RulesBackend().interpret(doc, DocumentStructure(), TablesResult())
    assert [p.text for p in by_search.problems] == [p.text for p in by_structure.problems]
    assert [m.text for m in by_search.measures] == [m.text for m in by_structure.measures]


def test_structure_sections_take_precedence_over_the_search() -> None:
    doc, structure, _ = seed_inputs.seed_001()
    only_problems = DocumentStructure(
        sections=[s for s in structure.sections if s.key == SectionKey.PROBLEMS]
    )
    regions = find_regions(doc, only_problems, TablesResult())
    assert [(r.target, r.origin) for r in regions] == [
        ("problems", "section"),
        ("measures", "heading_search"),
    ]


def test_a_measures_section_nested_in_problems_is_cut_out_of_it() -> None:
    doc, structure, _ = seed_inputs.seed_002()
    problems, measures = structure.sections
    wide = problems.model_copy(
        update={"body_span": (problems.body_span[0], len(doc.text)), "children": [measures]}
    )
    regions = find_regions(doc, DocumentStructure(sections=[wide]), TablesResult())
    assert [(r.target, r.text.strip()) for r in regions] == [
        ("problems", "整体支出绩效管理工作缺乏专业指导，工作成效较其他优秀兄弟单位还有一定差距。"),
        ("measures", "加强与财政局业务沟通，进一步提升整体支出绩效管理精细化。"),
    ]


def test_a_table_rendered_twice_is_read_once() -> None:
    doc, structure, tables = seed_inputs.seed_002()
    assert tables.dept_table is not None
    twice = TablesResult(dept_table=tables.dept_table, project_tables=[tables.dept_table])
    goals = [r for r in find_regions(doc, structure, twice) if r.target == "goals"]
    assert len(goals) == 1 and goals[0].origin == "table"


@pytest.mark.parametrize(
    "name", sorted(p.name for p in GOLDEN_DOCS.iterdir() if p.suffix in (".txt", ".docx", ".pdf"))
)
def test_the_narrative_view_reads_exactly_like_the_whole_document(name: str) -> None:
    """A batch sends the LLM process only the blocks the regions lie in: items and provenance must not change."""
    prepared = prepare(GOLDEN_DOCS / name)
    doc, structure, tables = prepared.document, prepared.structure, prepared.tables
    regions = find_regions(doc, structure, tables)
    view = narrative_view(doc, regions)
    if regions and len(doc.blocks) > 1:  # a form that is one table (title rows inside it) is its own view
        assert len(view.blocks) < len(doc.blocks)
    whole = RulesBackend().interpret(doc, structure, tables)
    assert RulesBackend().interpret_regions(view, regions) == whole
    locate_whole, locate_view = DocumentLocator(doc), DocumentLocator(view)
    producer = Producer(backend="llm", method="llm")
    for region in regions:
        lo, hi = region.window
        for at in range(lo, hi, max(1, (hi - lo) // 50)):
            assert locate_view.provenance((at, at + 1), producer) == locate_whole.provenance(
                (at, at + 1), producer
            )
