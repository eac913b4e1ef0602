"""Render golden DOCX files with their table borders removed, as PDFs: forms that reach the reader
as lines of text (the borderless-table fixtures of tests/ingest/test_pdf_text_grid.py).

Usage (from the repository root; needs LibreOffice)::

    python tests/data/make_borderless.py 002_yuelu_2021 [more stems] [--out tests/data/borderless]
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

REPO = Path(__file__).resolve().parents[2]
SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def _no_borders(properties: BaseOxmlElement, tag: str) -> None:
    old = properties.find(qn(tag))
    if old is not None:
        properties.remove(old)
    borders = OxmlElement(tag)
    for side in SIDES:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    properties.append(borders)


def borderless_docx(source: Path, target: Path) -> None:
    """``source`` with every table's and every cell's borders set to nil."""
    doc = Document(str(source))
    for table in doc.tables:
        _no_borders(table._tbl.tblPr, "w:tblBorders")
        for cell in table._tbl.iter(qn("w:tc")):
            _no_borders(cell.get_or_add_tcPr(), "w:tcBorders")
    doc.save(str(target))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("stems", nargs="+")
    parser.add_argument("--out", type=Path, default=REPO / "tests" / "data" / "borderless")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for stem in args.stems:
            docx = Path(tmp) / f"{stem}.docx"
            borderless_docx(REPO / "golden" / "docs" / f"{stem}.docx", docx)
            subprocess.run(
                ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(args.out), str(docx)],
                check=True,
                capture_output=True,
                timeout=300,
            )


if __name__ == "__main__":
    main()
