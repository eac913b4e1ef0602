"""The analysis notebook runs clean on an export of the golden documents."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from jixiao.batch import BatchRunner
from jixiao.batch import discover
from jixiao.batch.progress import PlainProgress
from jixiao.export import export_folder
from jixiao.schema import PipelineConfig
from tests.conftest import REPO
from tests.conftest import SEED_STEMS
from tests.conftest import seed_path


@pytest.mark.notebook
def test_corpus_overview_notebook_executes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    inputs = discover([seed_path(stem) for stem in SEED_STEMS])
    with open(os.devnull, "w") as quiet:
        BatchRunner(out, PipelineConfig(), jobs=1, progress=PlainProgress(stream=quiet)).run(inputs)
    export = tmp_path / "exports"
    export_folder(out, "parquet", export)
    monkeypatch.setenv("JIXIAO_EXPORT", str(export))
    nb = nbformat.read(REPO / "notebooks" / "corpus_overview.ipynb", as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(REPO / "notebooks")}}
    ).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    header, values = nb.cells[-1]["outputs"][0]["data"]["text/plain"].splitlines()[:2]
    summary = dict(zip(header.split(), values.split()[1:], strict=True))
    assert summary["reports"] == str(len(SEED_STEMS))
