"""The baseline gate fails on a damaged prediction, names the metrics, and passes on the undamaged one."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.errors import EvalError
from jixiao.eval.answers import FIELD_GROUPS
from jixiao.eval.answers import GoldenAnswer
from jixiao.eval.answers import load_answer
from jixiao.eval.baseline import Baseline
from jixiao.eval.baseline import check_against_baseline
from jixiao.eval.baseline import load_baseline
from jixiao.eval.baseline import save_baseline
from jixiao.eval.baseline import update_baseline
from jixiao.eval.predict import Prediction
from jixiao.eval.results import EvalReport
from jixiao.eval.results import RenderingResult
from jixiao.eval.score import score_answer

EXPECTED = Path(__file__).resolve().parents[2] / "golden" / "expected"
FILE = "002_yuelu_2021.txt"


def run(prediction: GoldenAnswer, file: str = FILE) -> EvalReport:
    """An evaluation report of one rendering, scored against the real 002 answers."""
    expected = load_answer(EXPECTED / "002_yuelu_2021.json")
    groups = score_answer(
        expected, Prediction(answer=prediction.model_copy(update={"covers": list(FIELD_GROUPS)}))
    )
    rendering = RenderingResult(doc=expected.doc, file=file, format="txt", groups=groups)
    return EvalReport(
        backend="rules", jixiao_version="test", created="now", golden="golden", renderings=[rendering]
    )


def undamaged() -> GoldenAnswer:
    return load_answer(EXPECTED / "002_yuelu_2021.json")


def damaged() -> GoldenAnswer:
    a = undamaged().model_copy(deep=True)
    a.funds[0].budget = Decimal("198.98")  # a changed number
    a.indicators.pop(3)  # a dropped item
    return a


def test_gate_passes_on_the_undamaged_prediction() -> None:
    baseline = update_baseline(Baseline(), run(undamaged()))
    gate = check_against_baseline(baseline, run(undamaged()))
    assert gate.passed
    assert gate.failures == [] and gate.improved == [] and gate.not_in_baseline == []
    # 9 covered groups × 4 metrics, minus the undefined exact of project_tables (nothing expected).
    assert gate.checked == 9 * 4 - 1


def test_gate_fails_on_a_damaged_prediction_naming_each_metric() -> None:
    baseline = update_baseline(Baseline(), run(undamaged()))
    gate = check_against_baseline(baseline, run(damaged()))
    assert not gate.passed
    assert sorted(f.metric for f in gate.failures) == [
        f"{FILE}/funds/exact",
        f"{FILE}/indicators/f1",
        f"{FILE}/indicators/recall",
    ]
    recall = next(f for f in gate.failures if f.metric.endswith("indicators/recall"))
    assert (recall.baseline, recall.current) == (1.0, round(14 / 15, 4))


def test_tolerance_lets_small_drops_through() -> None:
    baseline = update_baseline(Baseline(), run(undamaged()))
    gate = check_against_baseline(baseline, run(damaged()), tolerance=0.05)
    # funds exact fell 1/64 and indicators F1 0.0345: within 0.05; recall fell 1/15: not.
    assert [f.metric for f in gate.failures] == [f"{FILE}/indicators/recall"]


def test_improvements_are_reported_not_failed() -> None:
    baseline = update_baseline(Baseline(), run(damaged()))
    gate = check_against_baseline(baseline, run(undamaged()))
    assert gate.passed
    assert sorted(f.metric for f in gate.improved) == [
        f"{FILE}/funds/exact",
        f"{FILE}/indicators/f1",
        f"{FILE}/indicators/recall",
    ]


def test_a_rendering_gone_from_the_run_fails_and_a_new_one_is_not_gated() -> None:
    baseline = update_baseline(Baseline(), run(undamaged()))
    gate = check_against_baseline(baseline, run(undamaged(), file="002_yuelu_2021.docx"))
    assert not gate.passed
    assert {f.reason for f in gate.failures} == {"missing from this run"}
    assert len(gate.failures) == 9 * 4
    assert len(gate.not_in_baseline) == 9 * 4


def test_no_baseline_for_the_backend_is_an_error() -> None:
    baseline = update_baseline(Baseline(), run(undamaged()))
    report = run(undamaged()).model_copy(update={"backend": "llm"})
    with pytest.raises(EvalError, match="no baseline for backend 'llm'"):
        check_against_baseline(baseline, report)


def test_update_keeps_other_backends_and_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    assert load_baseline(path) == Baseline()
    llm = run(damaged()).model_copy(update={"backend": "llm"})
    baseline = update_baseline(update_baseline(Baseline(tolerance=0.02), llm), run(undamaged()))
    save_baseline(path, baseline)
    loaded = load_baseline(path)
    assert loaded == baseline
    assert loaded.tolerance == 0.02
    assert set(loaded.backends) == {"llm", "rules"}
    assert loaded.backends["llm"].metrics[f"{FILE}/indicators/recall"] == round(14 / 15, 4)
    assert loaded.backends["rules"].metrics[f"{FILE}/indicators/recall"] == 1.0


def test_invalid_baseline_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text('{"backends": 3}', encoding="utf-8")
    with pytest.raises(EvalError, match=r"baseline\.json: invalid baseline file"):
        load_baseline(path)
