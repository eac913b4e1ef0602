"""The output folder: report files, source documents, the manifest and the ledger, written safely.

Layout of ``OUT``::

    OUT/<name>.json            the Report
    OUT/sources/<name>.json    the Document as read (canonical text, blocks, provenance) for review
    OUT/manifest.jsonl         one line per document per run: ok / partial / empty / error / skipped, reason,
                               timings, tokens
    OUT/.jixiao.lock           held by the run writing into OUT (its pid, host and start time)
    OUT/ledger.jsonl           one line per LLM call (retries and cache hits included)

Every file is written to a temporary name in the same folder and renamed into place, so a run killed at
any moment leaves either the old file or the new one, never half of one; the next run, holding the
folder's lock (``OUT/.jixiao.lock``), removes such leftovers. The manifest is append-only; a line cut
short by a kill is ignored when the manifest is read back, and a document's latest line says where it
stands.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel
from pydantic import Field
from pydantic import ValidationError

from jixiao.folder_lock import FolderLock
from jixiao.folder_lock import clean_temporaries
from jixiao.schema import LedgerEntry
from jixiao.schema import RunInfo

MANIFEST = "manifest.jsonl"
LEDGER = "ledger.jsonl"
SOURCES = "sources"


class TokenCounts(BaseModel):
    calls: int = 0
    cached: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @classmethod
    def from_ledger(cls, entries: list[LedgerEntry]) -> TokenCounts:
        return cls(
            calls=sum(1 for e in entries if not e.cached),
            cached=sum(1 for e in entries if e.cached),
            prompt_tokens=sum(e.prompt_tokens for e in entries),
            completion_tokens=sum(e.completion_tokens for e in entries),
        )


ManifestStatus = Literal["ok", "partial", "empty", "error", "skipped"]


class ManifestLine(BaseModel):
    """What happened to one document in one run."""

    path: str
    name: str
    sha256: str | None = None
    config: str = Field(description="Configuration key: the report is reusable only under the same key")
    status: ManifestStatus = Field(
        description="ok / partial / empty: the report's coverage status; error: no report; skipped: reused"
    )
    reason: str | None = None
    output: str | None = Field(default=None, description="Report file, relative to the output folder")
    narrative_failed: int = Field(
        default=0, description="Narrative sections that failed: a plain re-run asks only them again"
    )
    seconds: float = 0.0
    pages: int | None = None
    findings: int | None = None
    tokens: TokenCounts = Field(default_factory=TokenCounts)
    at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))


def config_key(info: RunInfo) -> str:
    """A short hash of what determines a report's content (version, backend, model, prompts)."""
    basis: dict[str, object] = {
        "version": info.jixiao_version,
        "backend": info.backend,
        "model": info.model,
        "endpoint": info.endpoint,
        "prompts": dict(sorted(info.prompt_versions.items())),
    }
    if info.personal:
        # Only when set, so that keys of runs without personal data stay what they were.
        basis["personal"] = True
    return hashlib.sha256(json.dumps(basis, sort_keys=True).encode()).hexdigest()[:16]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def report_file(root: Path, name: str) -> Path:
    """Where the report of the document named ``name`` goes in the output folder ``root``."""
    return root / f"{name}.json"


def source_file(root: Path, name: str) -> Path:
    """Where the document as read goes (canonical text, blocks, provenance) for review."""
    return root / SOURCES / f"{name}.json"


class OutputStore:
    """Reads and writes one output folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        (root / SOURCES).mkdir(exist_ok=True)

    def lock(self, purpose: str = "jixiao extract") -> FolderLock:
        """The folder's lock (see :mod:`jixiao.folder_lock`), not yet taken."""
        return FolderLock(self.root, purpose)

    def clean_temporaries(self) -> int:
        """Remove files left by runs killed between writing and renaming; only while holding the lock."""
        return clean_temporaries(self.root) + clean_temporaries(self.root / SOURCES)

    def report_path(self, name: str) -> Path:
        return report_file(self.root, name)

    def source_path(self, name: str) -> Path:
        return source_file(self.root, name)

    def append(self, filename: str, lines: list[str]) -> None:
        """Append whole lines and flush them to disk."""
        if not lines:
            return
        with (self.root / filename).open("a", encoding="utf-8") as fh:
            fh.write("".join(line if line.endswith("\n") else line + "\n" for line in lines))
            fh.flush()
            os.fsync(fh.fileno())

    def record(self, line: ManifestLine) -> None:
        self.append(MANIFEST, [line.model_dump_json()])

    def record_ledger(self, name: str, entries: list[LedgerEntry]) -> None:
        self.append(
            LEDGER,
            [
                json.dumps({"document": name, **e.model_dump(mode="json")}, ensure_ascii=False)
                for e in entries
            ],
        )

    def manifest(self) -> Iterator[ManifestLine]:
        """Every complete manifest line, oldest first (a torn last line is skipped)."""
        path = self.root / MANIFEST
        if not path.exists():
            return
        with path.open(encoding="utf-8") as fh:
            for raw in fh:
                try:
                    yield ManifestLine.model_validate_json(raw)
                except ValidationError:
                    continue

    def finished(self, config: str) -> dict[tuple[str, str], str]:
        """(sha256, name) → report file for documents already done under this configuration."""
        return self.resumable(config)[0]

    def resumable(self, config: str) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
        """(sha256, name) → report file, for the documents done under this configuration, and for those
        done but for narrative sections that failed (:attr:`ManifestLine.narrative_failed`).

        The latest line of a document under the configuration says where it stands.
        """
        latest: dict[tuple[str, str], ManifestLine] = {}
        for line in self.manifest():
            if line.config == config and line.sha256:
                latest[(line.sha256, line.name)] = line
        done: dict[tuple[str, str], str] = {}
        retry: dict[tuple[str, str], str] = {}
        for key, line in latest.items():
            usable = line.status in ("ok", "partial", "empty", "skipped")
            if usable and line.output and (self.root / line.output).exists():
                (retry if line.narrative_failed else done)[key] = line.output
        return done, retry
