"""The regression gate: accepted metrics per backend in ``golden/baseline.json``.

Gated metrics are per rendering and field group (``002_yuelu_2021.txt/funds/f1``), so adding a new
document or rendering to the golden set never fails the gate by itself: its metrics are reported as
"not in the baseline" until ``--update-baseline`` records them. A metric in the baseline that the run
no longer produces (a rendering or an answered group disappeared) fails the gate.
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel
from pydantic import Field

from jixiao.errors import EvalError
from jixiao.eval.results import EvalReport
from jixiao.eval.results import GateFailure
from jixiao.eval.results import GateResult

DEFAULT_TOLERANCE = 0.01


class BackendBaseline(BaseModel):
    """Accepted metrics of one backend."""

    updated: str | None = None
    jixiao_version: str | None = None
    note: str | None = None
    metrics: dict[str, float | None] = Field(default_factory=dict)


class Baseline(BaseModel):
    """Contents of ``golden/baseline.json``."""

    tolerance: float = Field(
        default=DEFAULT_TOLERANCE,
        description="A metric may fall this much (absolute, 0–1) below its baseline",
    )
    backends: dict[str, BackendBaseline] = Field(default_factory=dict)


def load_baseline(path: Path) -> Baseline:
    """Read ``baseline.json``; a missing file is an empty baseline.

    Raises:
        EvalError: the file exists but is not a valid baseline.
    """
    if not path.exists():
        return Baseline()
    try:
        return Baseline.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvalError(str(path), f"invalid baseline file: {exc}") from exc


def save_baseline(path: Path, baseline: Baseline) -> None:
    """Write ``baseline.json`` atomically (temp file + rename), keys sorted so diffs stay readable."""
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(baseline.model_dump_json(indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def update_baseline(baseline: Baseline, report: EvalReport, note: str | None = None) -> Baseline:
    """The baseline with this run's metrics recorded for its backend (other backends kept)."""
    entry = BackendBaseline(
        updated=datetime.now(UTC).isoformat(timespec="seconds"),
        jixiao_version=report.jixiao_version,
        note=note,
        metrics=dict(sorted(report.metric_values().items())),
    )
    return baseline.model_copy(update={"backends": {**baseline.backends, report.backend: entry}})


def check_against_baseline(
    baseline: Baseline, report: EvalReport, tolerance: float | None = None
) -> GateResult:
    """Name every baseline metric that fell more than ``tolerance`` below its accepted value.

    Raises:
        EvalError: the baseline has no entry for the run's backend.
    """
    tol = baseline.tolerance if tolerance is None else tolerance
    entry = baseline.backends.get(report.backend)
    if entry is None or not entry.metrics:
        raise EvalError(
            "golden/baseline.json",
            f"no baseline for backend '{report.backend}'; record one with `jixiao eval --backend "
            f"{report.backend} --update-baseline`",
        )
    current = report.metric_values()
    result = GateResult(backend=report.backend, tolerance=tol)
    for name, accepted in sorted(entry.metrics.items()):
        if name not in current:
            result.failures.append(
                GateFailure(metric=name, baseline=accepted, current=None, reason="missing from this run")
            )
            continue
        now = current[name]
        if accepted is None or now is None:
            # Undefined on one side (nothing predicted, expected or compared); recall/F1 carry the signal.
            continue
        result.checked += 1
        if now < accepted - tol - 1e-9:
            result.failures.append(
                GateFailure(metric=name, baseline=accepted, current=now, reason=f"fell {accepted - now:.4f}")
            )
        elif now > accepted + tol + 1e-9:
            result.improved.append(
                GateFailure(metric=name, baseline=accepted, current=now, reason=f"rose {now - accepted:.4f}")
            )
    result.not_in_baseline = sorted(set(current) - set(entry.metrics))
    return result


def gate_run(
    report: EvalReport, path: Path, *, check: bool, update: bool, tolerance: float | None = None
) -> None:
    """Compare the run with the baseline file (sets ``report.gate``) and/or record it there.

    Raises:
        EvalError: checking without a baseline for the run's backend, or an invalid baseline file.
    """
    baseline = load_baseline(path)
    if check:
        report.gate = check_against_baseline(baseline, report, tolerance)
    if update:
        if tolerance is not None:
            baseline = baseline.model_copy(update={"tolerance": tolerance})
        save_baseline(path, update_baseline(baseline, report))
