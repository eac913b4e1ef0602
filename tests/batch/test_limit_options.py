"""Limits from flags and the environment: sizes in the usual spellings, 0 for off, a bad value named."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.batch.limits import DocumentLimits
from jixiao.batch.limits import document_limits
from jixiao.batch.limits import parse_size
from jixiao.cli.app import app
from jixiao.errors import ConfigError
from jixiao.ingest.limits import GiB
from jixiao.ingest.limits import MiB
from jixiao.ingest.limits import ReadLimits


def test_defaults() -> None:
    assert document_limits(environ={}) == DocumentLimits(
        seconds=1200.0,
        memory_bytes=2 * GiB,
        read=ReadLimits(
            decompressed_bytes=256 * MiB, table_cells=200_000, text_chars=10_000_000, pages=10_000
        ),
    )


@pytest.mark.parametrize(
    ("text", "size"),
    [("2GiB", 2 * GiB), ("512MB", 512 * MiB), ("1.5g", 3 * GiB // 2), ("1048576", MiB), ("64 k", 65536)],
)
def test_sizes(text: str, size: int) -> None:
    assert parse_size(text, "x") == size


def test_flags_win_over_the_environment_and_zero_turns_a_limit_off() -> None:
    env = {"JIXIAO_MAX_MEMORY": "1GiB", "JIXIAO_MAX_SECONDS": "30", "JIXIAO_MAX_TABLE_CELLS": "5000"}
    limits = document_limits(memory="3GiB", pages=0, environ=env)
    assert (limits.memory_bytes, limits.seconds, limits.read.table_cells) == (3 * GiB, 30.0, 5000)
    assert limits.read.pages > 10**15  # off


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"JIXIAO_MAX_MEMORY": "lots"},
            "--max-memory / JIXIAO_MAX_MEMORY must be a size such as 512MiB or 2GiB",
        ),
        ({"JIXIAO_MAX_SECONDS": "soon"}, "--max-seconds / JIXIAO_MAX_SECONDS must be a number, not 'soon'"),
        ({"JIXIAO_MAX_PAGES": "-3"}, "--max-pages / JIXIAO_MAX_PAGES must not be negative"),
    ],
)
def test_a_bad_value_is_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        document_limits(environ=env)
    assert caught.value.one_line().startswith(message)


def test_the_command_refuses_a_bad_limit_before_reading_anything(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("一、部门概况\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["extract", str(doc), "-o", str(tmp_path / "out"), "--max-memory", "lots"]
    )
    assert result.exit_code == 1
    assert "--max-memory / JIXIAO_MAX_MEMORY must be a size" in result.output
    assert not (tmp_path / "out").exists()
