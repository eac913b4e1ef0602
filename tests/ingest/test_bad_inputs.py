"""Files that cannot be read get one clear error naming the file and the reason (tests/data/bad/)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jixiao.errors import CorruptFileError
from jixiao.errors import EmptyDocumentError
from jixiao.errors import EncryptedFileError
from jixiao.errors import IngestError
from jixiao.ingest import read_document
from jixiao.ingest.legacy import ole2_kind
from tests.conftest import REPO

BAD = REPO / "tests" / "data" / "bad"


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        ("empty.pdf", EmptyDocumentError, "empty.pdf: empty file (0 bytes)"),
        ("empty.docx", EmptyDocumentError, "empty.docx: empty file (0 bytes)"),
        (
            "random.pdf",
            CorruptFileError,
            "random.pdf: not a valid .pdf file: its content is neither PDF, Word, a workbook nor an image"
            " (damaged or misnamed?)",
        ),
        (
            "random.docx",
            CorruptFileError,
            "random.docx: not a valid .docx file: its content is neither PDF, Word, a workbook nor an image"
            " (damaged or misnamed?)",
        ),
        (
            "archive.docx",
            CorruptFileError,
            "archive.docx: a ZIP archive that is not a Word document (named .docx)",
        ),
        ("corrupt.pdf", CorruptFileError, "corrupt.pdf: damaged PDF: it cannot be parsed"),
        (
            "truncated.pdf",
            CorruptFileError,
            "truncated.pdf: truncated PDF: the file ends before its %%EOF marker and cannot be parsed",
        ),
        ("encrypted.pdf", EncryptedFileError, "encrypted.pdf: encrypted (password-protected) PDF"),
        (
            "truncated.xlsx",
            CorruptFileError,
            "truncated.xlsx: damaged .xlsx file: its ZIP container cannot be opened (truncated?)",
        ),
        (
            "broken.xlsx",
            CorruptFileError,
            "broken.xlsx: damaged workbook: ParseError: unclosed token: line 1, column 423",
        ),
        (
            "encrypted.xlsx",
            EncryptedFileError,
            "encrypted.xlsx: encrypted (password-protected) Office document",
        ),
        (
            "portal_index.html",
            EmptyDocumentError,
            "portal_index.html: no document in this web page: 40 characters of text outside 4 links"
            " (a portal index or list page?)",
        ),
        ("blank.png", EmptyDocumentError, "blank.png: OCR found no text in the image (1 page(s))"),
    ],
)
def test_bad_file_gets_a_one_line_reason(name: str, error: type[IngestError], message: str) -> None:
    path = BAD / name
    with pytest.raises(error) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: {message.split(': ', 1)[1]}"
    assert caught.value.path == str(path)
    assert "\n" not in str(caught.value)


def test_errors_name_the_file_as_given(tmp_path: Path) -> None:
    copy = tmp_path / "湖南省妇联 2024 自评报告.pdf"
    shutil.copy(BAD / "encrypted.pdf", copy)
    with pytest.raises(EncryptedFileError, match=r"湖南省妇联 2024 自评报告\.pdf: encrypted"):
        read_document(copy)


def test_pdf_with_only_an_owner_password_is_read() -> None:
    # Print/copy restrictions need no password to open; most published reports carry them.
    doc = read_document(BAD / "owner_password.pdf")
    assert [p.text for p in doc.paragraphs()][:2] == [
        "一、部门整体支出绩效自评情况",
        "本年度预算执行率为98.5%，年度目标基本完成。",
    ]
    assert doc.tables()[0].rows_text()[1] == ["合计", "1,234.50", "1,216.00"]


def test_gbk_text_is_read() -> None:
    doc = read_document(BAD / "gbk.txt")
    assert doc.encoding == "gb18030"
    assert [p.text for p in doc.paragraphs()] == [
        "七、存在的问题及原因分析",
        "部分项目预算执行进度偏慢，绩效目标设置不够细化。",
    ]


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"nothing\.pdf: no such file"):
        read_document(tmp_path / "nothing.pdf")
    with pytest.raises(IngestError, match="is a folder, not a file"):
        read_document(tmp_path)


def test_word_file_named_pdf_is_read_with_a_warning(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("八、下一步改进措施")
    path = tmp_path / "misnamed.pdf"
    document.save(str(path))
    doc = read_document(path)
    assert doc.format == "docx"
    assert doc.paragraphs()[0].text == "八、下一步改进措施"
    assert doc.warnings == ["named .pdf but the content is DOCX; read as DOCX"]


def test_legacy_compound_files_are_told_apart() -> None:
    doc_bytes = (BAD / "legacy.doc").read_bytes()
    assert ole2_kind(doc_bytes, ".doc") == "word"
    # An Office file saved with a password is an OLE2 container holding an "EncryptedPackage" stream.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    assert ole2_kind(header + "EncryptedPackage".encode("utf-16-le"), ".docx") == "encrypted"
    assert ole2_kind(header + "Workbook".encode("utf-16-le"), ".xls") == "excel"


def test_password_protected_word_file(tmp_path: Path) -> None:
    path = tmp_path / "protected.docx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le")
    )
    with pytest.raises(
        EncryptedFileError, match=r"protected\.docx: encrypted \(password-protected\) Office document"
    ):
        read_document(path)


def test_a_long_pdf_is_read_page_by_page(tmp_path: Path) -> None:
    from tests.ingest.pdfgen import PdfSpec

    spec = PdfSpec()
    for n in range(1, 121):
        page = spec.page()
        page.text(96, 100, f"第{n}页的正文段落，说明预算执行情况。", 12)
        page.table([72, 250, 400], [140, 160, 180], [["项目", "金额"], [f"项目{n}", f"{n}.00"]])
    path = tmp_path / "long.pdf"
    path.write_bytes(spec.to_bytes())
    doc = read_document(path)
    assert doc.pages == 120
    assert len(doc.paragraphs()) == 120 and len(doc.tables()) == 120
    assert doc.tables()[-1].rows_text() == [["项目", "金额"], ["项目120", "120.00"]]
    assert doc.tables()[-1].pages == [120]
