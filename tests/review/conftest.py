"""Fixtures: a real batch output of seed 002 (made once per session, copied per test) and TestClients."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jixiao.batch import BatchRunner
from jixiao.batch import discover
from jixiao.batch.progress import PlainProgress
from jixiao.review import create_app
from jixiao.schema import PipelineConfig
from jixiao.schema import Report
from tests.conftest import seed_path

SEED = "002_yuelu_2021"


def run_batch(out: Path, files: list[Path]) -> Path:
    """``jixiao extract`` of ``files`` into ``out`` (quietly); every file must read."""
    with open(os.devnull, "w") as quiet:
        runner = BatchRunner(out, PipelineConfig(), jobs=1, progress=PlainProgress(stream=quiet))
        summary = runner.run(discover(files))
    assert summary.ok == len(files)
    return out


@pytest.fixture(scope="session")
def seed_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_batch(tmp_path_factory.mktemp("batch") / "out", [seed_path(SEED)])


@pytest.fixture()
def seed_out(seed_batch: Path, tmp_path: Path) -> Path:
    """A fresh copy of the batch output (no review store yet)."""
    out = tmp_path / "out"
    shutil.copytree(seed_batch, out)
    return out


@pytest.fixture()
def seed_report(seed_out: Path) -> Report:
    return Report.model_validate_json((seed_out / f"{SEED}.json").read_text(encoding="utf-8"))


@pytest.fixture()
def seed_client(seed_out: Path) -> TestClient:
    return TestClient(create_app(seed_out, reviewer="alice"), follow_redirects=False)
