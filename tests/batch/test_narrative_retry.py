"""A narrative section the endpoint failed makes its report partial, the exit code says so, and the next
plain run asks that section again, and nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from jixiao.batch.store import OutputStore
from jixiao.schema import Report
from tests.conftest import seed_path
from tests.narrative.fake_endpoint import FakeEndpoint
from tests.narrative.fake_endpoint import Reply
from tests.narrative.fake_endpoint import error_reply
from tests.narrative.fake_endpoint import json_reply
from tests.narrative.test_llm_backend import MEASURES_001
from tests.narrative.test_llm_backend import PROBLEMS_001

PROBLEMS_PROMPT = "存在的问题及原因分析"
MEASURES_PROMPT = "下一步改进措施"


def _asked(endpoint: FakeEndpoint) -> list[str]:
    """Which prompt each request so far used."""
    out = []
    for body in endpoint.requests:
        system = body["messages"][0]["content"]
        out.append(
            "problems" if PROBLEMS_PROMPT in system else "measures" if MEASURES_PROMPT in system else "?"
        )
    return out


def test_a_failed_section_is_partial_then_asked_again_alone(tmp_path: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    failing = {"problems": True}

    def respond(body: dict[str, Any]) -> Reply:
        system = body["messages"][0]["content"]
        if PROBLEMS_PROMPT in system:
            return error_reply(500, "overloaded") if failing["problems"] else json_reply(PROBLEMS_001)
        return json_reply({"items": MEASURES_001["items"][:1]})

    with FakeEndpoint() as endpoint:
        endpoint.responder = respond
        command = [
            *(sys.executable, "-m", "jixiao.cli.app", "extract", str(seed_path("001_yueyang_2024"))),
            *("-o", str(out), "-j", "1", "--backend", "llm", "--base-url", endpoint.base_url),
            *("--model", "test-model", "--cache-dir", str(cache)),
        ]
        env = {**os.environ, "JIXIAO_LLM_MAX_RETRIES": "0"}

        first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert first.returncode == 4, first.stderr
        assert _asked(endpoint) == ["problems", "measures"]
        report = Report.model_validate_json((out / "001_yueyang_2024.json").read_text(encoding="utf-8"))
        (failed,) = [s for s in report.narrative_status if s.status == "failed"]
        reason = f"narrative problems ({failed.section_key}): failed after 1 attempt: HTTP 500: overloaded"
        assert (report.coverage.status, report.coverage.failed) == ("partial", [reason])
        assert report.problems == [] and [m.text for m in report.measures] == ["强化政治引领"]
        (line,) = OutputStore(out).manifest()
        assert (line.status, line.reason, line.narrative_failed) == ("partial", reason, 1)
        assert "partial or empty (1;" in first.stderr and "asked again by the same command" in first.stderr

        failing["problems"] = False
        second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert second.returncode == 0, second.stderr
        assert _asked(endpoint) == ["problems", "measures", "problems"]  # only the failed section
        again = Report.model_validate_json((out / "001_yueyang_2024.json").read_text(encoding="utf-8"))
        assert again.coverage.status == "ok" and again.coverage.failed == [] and again.coverage.reasons == []
        assert [p.text for p in again.problems] == [
            "县级妇女儿童活动中心建设有待加强",
            "基层妇联队伍有待进一步优化",
        ]
        assert [p.seq for p in again.problems] == [1, 2]
        assert again.measures == report.measures  # what succeeded is kept as it was
        assert [(s.target, s.status) for s in again.narrative_status] == [
            ("problems", "ok"),
            ("measures", "ok"),
        ]
        assert again.run is not None and len(again.run.ledger) == 3  # every call the report cost
        assert again.model_dump(exclude={"problems", "narrative_status", "coverage", "run", "warnings"}) == (
            report.model_dump(exclude={"problems", "narrative_status", "coverage", "run", "warnings"})
        )
        last = list(OutputStore(out).manifest())[-1]
        assert (last.status, last.narrative_failed, last.tokens.calls) == ("ok", 0, 1)

        third = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert third.returncode == 0, third.stderr
        assert len(endpoint.requests) == 3
        assert list(OutputStore(out).manifest())[-1].status == "skipped"
