"""部门/单位决算: the nine statements where they are real tables, the 决算说明 narrative, “三公”经费.

Entry point :func:`extract_final_account`. The work is split by concept:

* :mod:`~jixiao.tables.final_account_layout` finds the statements (title, unit, continued tables) and their
  columns;
* :mod:`~jixiao.tables.final_account_statements` reads their rows into lines;
* :mod:`~jixiao.tables.final_account_narrative` reads the ``…（类）…（款）…（项）`` lines of the narrative;
* :mod:`~jixiao.tables.final_account_figures` reads named totals (收入总计, 基本支出, 机关运行经费, 政府采购,
  “三公” …) of the running text;
* :mod:`~jixiao.tables.final_account_codes` holds the 功能分类 names and codes.
"""

from __future__ import annotations

from pydantic import BaseModel
from pydantic import Field

from jixiao.schema import Document
from jixiao.schema import DocumentStructure
from jixiao.schema import FinalAccountFigure
from jixiao.schema import FinalAccountLine
from jixiao.schema import Provenance
from jixiao.schema import ThreePublic
from jixiao.schema.values import AmountUnit
from jixiao.tables.final_account_figures import scan_narrative
from jixiao.tables.final_account_figures import three_public_from_figures
from jixiao.tables.final_account_layout import find_statements
from jixiao.tables.final_account_narrative import narrative_item_lines
from jixiao.tables.final_account_statements import statement_lines
from jixiao.tables.final_account_statements import three_public_from_lines


class FinalAccountStatement(BaseModel):
    """One of the nine statements as found in the document."""

    number: int = Field(description="Statement number 1–9 (domain.md §2)")
    title: str = Field(description="Title as printed, spaces removed")
    unit: AmountUnit = Field(description="Unit from the 单位： line (万元 when none is printed)")
    unit_found: bool = Field(default=True, description="False when no unit is printed (万元 assumed)")
    tables: list[int] = Field(description="Table.index of every table the statement spans, in order")
    lines: int = Field(description="How many lines were read from it")
    prov: Provenance = Field(description="Where the title is")


class FinalAccountResult(BaseModel):
    """What :func:`extract_final_account` reads from one document."""

    lines: list[FinalAccountLine] = Field(
        default_factory=list, description="Statement lines (table 1–9), then narrative lines (table 0)"
    )
    figures: list[FinalAccountFigure] = Field(
        default_factory=list, description="Named totals of the narrative"
    )
    three_public: ThreePublic | None = None
    statements: list[FinalAccountStatement] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


def extract_final_account(doc: Document, structure: DocumentStructure) -> FinalAccountResult:
    """Read the 决算 of a document: statement tables, narrative 功能分类 lines, named figures and “三公”经费.

    Statements are found by their titles (``structure``'s table classification is used only for a table
    whose title cannot be read). Narrative lines get their 功能分类 code from the document's own statements
    first, then from the standard names (:data:`~jixiao.tables.final_account_codes.STANDARD_FUNC_CODES`).
    “三公”经费 comes from statement 7 when the document has it, else from the narrative; the narrative's
    reception batches and persons (``国内公务接待7批次，67人次``) are added in either case.

    Args:
        doc: the document as read.
        structure: output of the structure stage.

    Returns:
        The lines, figures (keys listed in :mod:`~jixiao.tables.final_account_figures`), “三公”经费, the
        statements found and any warnings (each naming the file and the table).
    """
    statements, warnings = find_statements(doc, structure)
    doc_codes: dict[str, str] = {}
    lines: list[FinalAccountLine] = []
    found: list[FinalAccountStatement] = []
    for st in statements:
        st_lines = statement_lines(st, doc_codes)
        for ln in st_lines:
            if ln.func_code:
                doc_codes.setdefault(ln.func_code, ln.name)
        lines.extend(st_lines)
        found.append(
            FinalAccountStatement(
                number=st.number,
                title=st.title,
                unit=st.unit,
                unit_found=st.unit_found,
                tables=[t.index for t in st.tables],
                lines=len(st_lines),
                prov=st.title_prov,
            )
        )

    figures, class_lines = scan_narrative(doc, doc_codes)
    lines.extend(class_lines)
    lines.extend(narrative_item_lines(doc, doc_codes))

    narrative_tp = three_public_from_figures(doc, figures)
    three_public = three_public_from_lines(lines)
    if three_public is not None and narrative_tp is not None:
        three_public.reception_batches = narrative_tp.reception_batches
        three_public.reception_persons = narrative_tp.reception_persons
    return FinalAccountResult(
        lines=lines,
        figures=figures,
        three_public=three_public or narrative_tp,
        statements=found,
        warnings=warnings,
    )


__all__ = ["FinalAccountResult", "FinalAccountStatement", "extract_final_account"]
