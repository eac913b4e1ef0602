"""A report written in two parts (checked tables in a worker, narrative in the main process) is the same report."""

from __future__ import annotations

import json

import pytest

from jixiao.pipeline import Pipeline
from jixiao.pipeline import join_report
from jixiao.pipeline import joined_coverage
from jixiao.pipeline import plan_report
from jixiao.pipeline import prepare
from jixiao.pipeline import report_json
from jixiao.pipeline import run_info
from jixiao.pipeline import split_report
from jixiao.pipeline import with_narrative
from jixiao.schema import PipelineConfig
from jixiao.schema import Report
from tests.conftest import seed_path


@pytest.mark.parametrize(("stem", "fmt"), [("000_hunan_2024", "txt"), ("004_zigong_2022", "docx")])
@pytest.mark.parametrize("personal", [False, True])
def test_joined_report_is_the_report(stem: str, fmt: str, personal: bool) -> None:
    pipeline = Pipeline()
    job = plan_report(prepare(seed_path(stem, fmt)), run_info(PipelineConfig()))
    split = split_report(job.report, personal=personal)
    narrative = pipeline.backend.interpret_regions(job.view, job.regions)
    assert narrative.goals or narrative.problems
    joined = join_report(split, narrative, 1.25)

    whole = with_narrative(job.report.model_copy(deep=True), narrative, 1.25)
    assert json.loads(joined) == json.loads(report_json(whole, personal=personal))
    assert joined_coverage(split, narrative) == whole.coverage
    report = Report.model_validate_json(joined)
    assert report.goals == narrative.goals and report.run is not None and report.run.seconds == 1.25
    assert (report.dept_table is not None and report.dept_table.filled_by is not None) == (
        personal and stem == "000_hunan_2024"
    )
