"""Small hand-made output folders for the review app's unit tests."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.atomic import write_atomic
from jixiao.schema import Amount
from jixiao.schema import Cell
from jixiao.schema import Document
from jixiao.schema import Finding
from jixiao.schema import FundRow
from jixiao.schema import Paragraph
from jixiao.schema import Provenance
from jixiao.schema import Report
from jixiao.schema import SelfEvalTable
from jixiao.schema import SourceInfo
from jixiao.schema import Table

HOSTILE = "<script>alert(1)</script>"


def _prov(name: str, span: tuple[int, int], **kw: int) -> Provenance:
    return Provenance(file=name, span=span, method="table_rule", **kw)


def write_report(out: Path, name: str, report: Report, document: Document | None) -> None:
    """Write a report (and its source) the way `jixiao extract` lays them out."""
    write_atomic(out / f"{name}.json", report.model_dump_json(indent=2))
    if document is not None:
        write_atomic(out / "sources" / f"{name}.json", document.model_dump_json())


def hostile_folder(
    out: Path, *, report_id: str = "ab12ab12ab12ab12", name: str = "hostile", findings: bool = True
) -> Report:
    """A report whose document text, values and finding all carry markup that must render as text.

    Canonical text::

        <script>alert(1)</script> 自评报告
        项目<TAB>全年预算数
        <script>alert(1)</script>合计<TAB>100
    """
    file = f"{name}.txt"
    para = f"{HOSTILE} 自评报告"
    row0 = ["项目", "全年预算数"]
    row1 = [f"{HOSTILE}合计", "100"]
    text = "\n".join([para, "\t".join(row0), "\t".join(row1)])
    p_span = (0, len(para))
    r0 = p_span[1] + 1
    c00 = (r0, r0 + len(row0[0]))
    c01 = (c00[1] + 1, c00[1] + 1 + len(row0[1]))
    r1 = c01[1] + 1
    c10 = (r1, r1 + len(row1[0]))
    c11 = (c10[1] + 1, c10[1] + 1 + len(row1[1]))
    assert text[c10[0] : c10[1]] == row1[0] and text[c11[0] : c11[1]] == "100"
    cells = [
        Cell(row=0, col=0, text=row0[0], prov=_prov(file, c00, table=0, row=0, col=0)),
        Cell(row=0, col=1, text=row0[1], prov=_prov(file, c01, table=0, row=0, col=1)),
        Cell(row=1, col=0, text=row1[0], prov=_prov(file, c10, table=0, row=1, col=0)),
        Cell(row=1, col=1, text=row1[1], prov=_prov(file, c11, table=0, row=1, col=1)),
    ]
    document = Document(
        path=f"/in/{file}",
        name=file,
        format="txt",
        sha256=report_id * 4,
        size=len(text.encode()),
        text=text,
        blocks=[
            Paragraph(text=para, prov=Provenance(file=file, span=p_span, line=1, block=0)),
            Table(
                index=0,
                n_rows=2,
                n_cols=2,
                cells=cells,
                prov=Provenance(file=file, span=(r0, c11[1]), block=1),
            ),
        ],
    )
    budget_prov = _prov(file, c11, table=0, row=1, col=1)
    fund = FundRow(
        label_raw=row1[0],
        category="总额",
        budget=Amount(raw="100", value=Decimal("100"), unit="万元", wan=Decimal("100"), prov=budget_prov),
        executed=None,
        rate_reported=Decimal("95"),
        prov=_prov(file, c10, table=0, row=1, col=0),
    )
    report = Report(
        id=report_id,
        source=SourceInfo(
            path=f"/in/{file}", name=file, format="txt", sha256=report_id * 4, size=document.size
        ),
        department=f"{HOSTILE}妇联",
        fiscal_year=2024,
        dept_table=SelfEvalTable(
            scope="部门整体", funds=[fund], prov=Provenance(file=file, span=(r0, c11[1]))
        ),
        findings=[]
        if not findings
        else [
            Finding(
                check="exec_rate_mismatch",
                severity="error",
                message=f"{HOSTILE} rate does not fit",
                refs=[budget_prov],
            ),
            Finding(check="note_only", severity="info", message="an info with no reference"),
        ],
    )
    write_report(out, name, report, document)
    return report
