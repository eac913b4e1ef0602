"""Legacy Word files (.doc, .wps), read through LibreOffice.

Word 97–2003 (.doc) and WPS Writer (.wps) files are converted to .docx and read by the DOCX reader,
which keeps tables, merged cells and list numbering. The Document keeps the original file's path,
name, size and hash. Workbooks of every kind (.xls and .et included) are read natively by
:mod:`jixiao.ingest.workbook`; this module only tells an OLE2 compound file's kind for them.

LibreOffice runs headless with a private, throw-away profile (so parallel workers do not fight over
one profile lock) and a time limit; on timeout its whole process group is killed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from jixiao.errors import CorruptFileError
from jixiao.errors import EncryptedFileError
from jixiao.errors import IngestError
from jixiao.errors import UnsupportedFormatError
from jixiao.schema import Document

DEFAULT_TIMEOUT = 180.0
"""Seconds LibreOffice may take for one conversion (``JIXIAO_SOFFICE_TIMEOUT`` overrides it)."""


def install_hint(suffix: str, spreadsheet: bool) -> str:
    """How to enable reading ``suffix`` files: the Debian package of the LibreOffice part that opens them."""
    package = "libreoffice-calc-nogui" if spreadsheet else "libreoffice-writer-nogui"
    return f"install LibreOffice (apt-get install {package}) to read {suffix}"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


# Stream names in an OLE2 compound file's directory (UTF-16LE), which say what the file holds.
_WORD_STREAM = _utf16("WordDocument")
_EXCEL_STREAMS = (_utf16("Workbook"), _utf16("Book"))
_ENCRYPTED_PACKAGE = _utf16("EncryptedPackage")


def find_soffice() -> str | None:
    """Path of LibreOffice's ``soffice`` (or ``libreoffice``) on PATH, None when not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def ole2_kind(data: bytes, suffix: str) -> str:
    """What a legacy compound file holds: ``word``, ``excel`` or ``encrypted`` (a password-protected OOXML file)."""
    if _ENCRYPTED_PACKAGE in data:
        return "encrypted"
    if _WORD_STREAM in data:
        return "word"
    if any(stream in data for stream in _EXCEL_STREAMS):
        return "excel"
    return "excel" if suffix in (".xls", ".et") else "word"


def read_legacy_office(path: Path, data: bytes) -> Document:
    """Read a .doc/.wps file by converting it with LibreOffice.

    Raises:
        EncryptedFileError: a password-protected Office file.
        UnsupportedFormatError: LibreOffice is not installed.
        CorruptFileError: LibreOffice could not convert the file.
        IngestError: the conversion timed out.
    """
    kind = ole2_kind(data, path.suffix.lower())
    if kind == "encrypted":
        raise EncryptedFileError(str(path), "encrypted (password-protected) Office document")
    return convert_and_read(path, data, "docx")


def convert_and_read(path: Path, data: bytes, target: str) -> Document:
    """Convert ``data`` to ``target`` (``docx`` or ``pdf``) with LibreOffice and read the result.

    The returned Document names the original file and carries its size and sha256.
    """
    soffice = find_soffice()
    if soffice is None:
        suffix = path.suffix.lower() or (".doc" if target == "docx" else ".xls")
        what = "an Excel workbook" if target == "pdf" else "a legacy Word/WPS document"
        raise UnsupportedFormatError(
            str(path), f"{what} ({suffix}) needs LibreOffice; {install_hint(suffix, target == 'pdf')}"
        )
    converted = _convert(soffice, path, data, target)
    if target == "docx":
        from jixiao.ingest.docx import read_docx

        doc = read_docx(path, converted)
    else:
        from jixiao.ingest.pdf import read_pdf

        doc = read_pdf(path, converted)
    note = f"converted from {path.suffix.lower() or 'a legacy Office file'} to {target} by LibreOffice"
    return doc.model_copy(
        update={
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
            "converted_from": path.suffix.lower().lstrip(".") or "ole2",
            "warnings": [*doc.warnings, note],
        }
    )


def _timeout() -> float:
    try:
        return float(os.environ.get("JIXIAO_SOFFICE_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


def _convert(soffice: str, path: Path, data: bytes, target: str) -> bytes:
    suffix = (
        path.suffix.lower() if path.suffix.lower() in (".doc", ".wps", ".xls", ".xlsx", ".et") else ".doc"
    )
    with tempfile.TemporaryDirectory(prefix="jixiao-soffice-") as tmp:
        work = Path(tmp)
        # An ASCII name: LibreOffice and the shell's locale need not agree on how to spell a Chinese one.
        source = work / f"input{suffix}"
        source.write_bytes(data)
        outdir = work / "out"
        profile = (work / "profile").as_uri()
        cmd = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ]
        timeout = _timeout()
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, cwd=tmp
        )
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            _kill_group(proc)
            raise IngestError(
                str(path), f"LibreOffice did not finish converting within {timeout:g} s"
            ) from exc
        result = outdir / f"input.{target}"
        if proc.returncode != 0 or not result.exists() or result.stat().st_size == 0:
            detail = stderr.decode("utf-8", "replace").strip().splitlines()
            reason = f": {detail[-1]}" if detail else ""
            raise CorruptFileError(
                str(path),
                f"LibreOffice could not convert this {suffix} file (damaged or password-protected?){reason}",
            )
        return result.read_bytes()


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    # soffice starts soffice.bin as a child; killing the session's group ends both.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
