"""The Ray engine: the same outputs as the local engine, each document done once when a worker is killed,
a document over its time limit stopped, and one limit on LLM requests for the whole cluster.

One local Ray cluster (two CPUs, on 127.0.0.1) serves every test of this module.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import ray
from benchmarks.corpus import llm_documents
from benchmarks.fake_llm import FakeLLMEndpoint

from jixiao.batch import BatchRunner
from jixiao.batch import discover
from jixiao.batch.cluster import ClusterOptions
from jixiao.batch.cluster import default_batch
from jixiao.batch.cluster import engine_choice
from jixiao.batch.cluster_limit import ClusterRequestLimit
from jixiao.batch.cluster_limit import start_request_slots
from jixiao.batch.limits import DocumentLimits
from jixiao.batch.progress import PlainProgress
from jixiao.batch.store import OutputStore
from jixiao.errors import ConfigError
from jixiao.narrative.llm.limiter import RequestLimiter
from jixiao.schema import LLMOptions
from jixiao.schema import PipelineConfig
from tests.conftest import GOLDEN_DOCS

pytestmark = pytest.mark.ray


@pytest.fixture(scope="module", autouse=True)
def cluster() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1", logging_level="warning")
    try:
        yield
    finally:
        ray.shutdown()


def _quiet() -> PlainProgress:
    return PlainProgress(stream=open(os.devnull, "w"))


def _without_timings(report: str) -> str:
    """The report's JSON without the seconds it took (in the same order, so a difference is a byte)."""
    data = json.loads(report)
    data["run"].pop("seconds")
    for entry in data["run"]["ledger"]:
        entry.pop("seconds")
    return json.dumps(data, ensure_ascii=False, indent=1)


_MANIFEST_FIELDS = ("path", "sha256", "config", "status", "reason", "output", "narrative_failed", "pages")


def _manifest(out: Path) -> dict[str, tuple[object, ...]]:
    lines = list(OutputStore(out).manifest())
    by_name = {line.name: tuple(getattr(line, f) for f in _MANIFEST_FIELDS) for line in lines}
    assert len(by_name) == len(lines), "one manifest line per document"
    return by_name


@pytest.mark.slow
def test_golden_corpus_on_ray_gives_the_local_engine_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # OCR is left out (the two scans get the same reason from both engines). Set after the cluster
    # started, so the tasks see it only if the engine hands the run's settings on to them.
    monkeypatch.setenv("JIXIAO_OCR_MAX_PAGES", "0")
    inputs = discover([GOLDEN_DOCS])
    assert len(inputs) == 62
    local = BatchRunner(tmp_path / "local", PipelineConfig(), jobs=2, progress=_quiet()).run(inputs)
    on_ray = BatchRunner(tmp_path / "ray", PipelineConfig(), jobs=2, progress=_quiet(), engine="ray").run(
        inputs
    )

    assert (on_ray.ok, on_ray.partial, on_ray.empty, on_ray.failed) == (
        local.ok,
        local.partial,
        local.empty,
        local.failed,
    )
    assert on_ray.failed == 2  # the scans, without OCR
    assert on_ray.exit_code == local.exit_code == 3
    assert _manifest(tmp_path / "ray") == _manifest(tmp_path / "local")
    compared = 0
    for item in inputs:
        report = tmp_path / "local" / f"{item.name}.json"
        if not report.exists():
            assert not (tmp_path / "ray" / f"{item.name}.json").exists()
            continue
        ours = (tmp_path / "ray" / f"{item.name}.json").read_text(encoding="utf-8")
        assert _without_timings(ours) == _without_timings(report.read_text(encoding="utf-8")), item.name
        source = f"sources/{item.name}.json"
        assert (tmp_path / "ray" / source).read_bytes() == (tmp_path / "local" / source).read_bytes()
        compared += 1
    assert compared == 60

    again = BatchRunner(tmp_path / "ray", PipelineConfig(), progress=_quiet(), engine="ray").run(inputs)
    assert (again.skipped, again.failed, again.ok) == (60, 2, 0)


def test_llm_backend_on_ray_writes_the_local_reports_and_holds_one_limit(tmp_path: Path) -> None:
    # Each task interprets the narrative of its documents; the actor holds every worker to 2 requests.
    # Copies of a seed with their narrative marked by copy number, and no cache: which document of a run
    # asks a request first (and which is then answered from the cache) would otherwise depend on timing.
    seeds = ["000_hunan_2024", "001_yueyang_2024", "002_yuelu_2021", "003_wangcheng_2020"]
    inputs = discover([f.path for f in llm_documents(seeds, 8, tmp_path / "corpus")])
    seen = {}
    with FakeLLMEndpoint(latency=0.3) as endpoint:
        for engine in ("local", "ray"):
            config = PipelineConfig(
                backend="llm",
                llm=LLMOptions(base_url=endpoint.base_url, model="test-model", concurrency=2, max_retries=1),
                use_cache=False,
            )
            summary = BatchRunner(tmp_path / engine, config, jobs=2, progress=_quiet(), engine=engine).run(
                inputs
            )
            assert (summary.ok, summary.failed) == (8, 0), summary.errors
            stats = endpoint.reset()
            seen[engine] = (stats.requests, stats.max_in_flight)
    # The same requests, and never more than 2 at once (each of the two worker processes alone lets 2
    # through: only the actor holds them to 2 together).
    assert seen == {"local": (26, 2), "ray": (26, 2)}
    assert _manifest(tmp_path / "ray") == _manifest(tmp_path / "local")
    for item in inputs:
        ours = (tmp_path / "ray" / f"{item.name}.json").read_text(encoding="utf-8")
        theirs = (tmp_path / "local" / f"{item.name}.json").read_text(encoding="utf-8")
        assert _without_timings(ours) == _without_timings(theirs), item.name


def _copies(folder: Path, count: int) -> Path:
    """``count`` copies of the 自贡 report as text, each with content of its own (its own hash)."""
    folder.mkdir()
    base = (GOLDEN_DOCS / "004_zigong_2022.txt").read_text(encoding="utf-8")
    for i in range(count):
        (folder / f"doc{i}.txt").write_text(f"{base}\n附注{i}\n", encoding="utf-8")
    return folder


def _ray_task_workers() -> list[int]:
    """Worker processes running a task of the engine now (Ray names the process after the task)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().split(b"\0")[0].strip()
        except OSError:
            continue
        if title == b"ray::read_batch":
            found.append(int(entry.name))
    return found


def test_a_killed_worker_costs_nothing_and_each_document_is_done_once(tmp_path: Path) -> None:
    corpus = _copies(tmp_path / "corpus", 8)
    out = tmp_path / "out"
    killed: list[int] = []

    def kill_a_busy_worker() -> None:
        # Once a document is recorded, a task is between documents of its batch: kill its worker.
        deadline = time.monotonic() + 120
        manifest = out / "manifest.jsonl"
        while time.monotonic() < deadline and not killed:
            busy = _ray_task_workers()
            if busy and manifest.exists() and manifest.read_text(encoding="utf-8").strip():
                os.kill(busy[0], signal.SIGKILL)
                killed.append(busy[0])
            time.sleep(0.02)

    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    summary = BatchRunner(
        out,
        PipelineConfig(),
        progress=_quiet(),
        engine="ray",
        cluster=ClusterOptions(batch_size=4),
    ).run(discover([corpus]))
    killer.join()

    assert killed, "a worker must be killed mid-run for this test to mean anything"
    assert (summary.ok, summary.failed) == (8, 0)
    names = [line.name for line in OutputStore(out).manifest()]
    assert sorted(names) == [f"doc{i}" for i in range(8)]


@pytest.mark.slow
def test_a_killed_run_on_the_cluster_is_finished_by_running_it_again(tmp_path: Path) -> None:
    corpus = _copies(tmp_path / "corpus", 10)
    out = tmp_path / "out"
    # The command connects to this module's cluster, as `--address HOST:6379` does to a real one.
    address = ray.get_runtime_context().gcs_address
    command = [sys.executable, "-m", "jixiao", "extract", str(corpus), "-o", str(out), "-q"]
    command += ["--engine", "ray", "--address", address]
    driver = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    manifest = out / "manifest.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and driver.poll() is None:
        if manifest.exists() and manifest.read_text(encoding="utf-8").count("\n") >= 2:
            break
        time.sleep(0.05)
    driver.kill()
    driver.wait()
    first = {line.name for line in OutputStore(out).manifest()}
    assert 2 <= len(first) < 10, "the run must be killed halfway for this test to mean anything"

    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    lines = list(OutputStore(out).manifest())
    second = lines[len(first) :]
    assert {line.name for line in second if line.status == "skipped"} == first
    assert sorted(line.name for line in second if line.status == "ok") == sorted(
        f"doc{i}" for i in range(10) if f"doc{i}" not in first
    )
    assert not list(out.glob(".*.tmp")) and not list((out / "sources").glob(".*.tmp"))


def test_a_document_over_its_time_limit_is_stopped_and_the_batch_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(GOLDEN_DOCS / "004_zigong_2022.pdf", corpus / "slow.pdf")  # 342 pages
    for name in ("001_yueyang_2024.txt", "002_yuelu_2021.txt"):
        shutil.copy(GOLDEN_DOCS / name, corpus / name)
    summary = BatchRunner(
        tmp_path / "out",
        PipelineConfig(),
        progress=_quiet(),
        engine="ray",
        limits=DocumentLimits(seconds=0.5),
        cluster=ClusterOptions(batch_size=3, poll_interval=0.05),
    ).run(discover([corpus]))
    assert (summary.ok, summary.failed) == (2, 1)
    [(name, reason)] = summary.errors
    assert name == "slow"
    assert reason.startswith(f"{corpus / 'slow.pdf'}: exceeds the 0.5 s time limit (its worker, pid ")
    [slow] = [line for line in OutputStore(tmp_path / "out").manifest() if line.name == "slow"]
    assert slow.seconds >= 0.5


def test_llm_requests_in_flight_never_exceed_the_cluster_limit_from_threads() -> None:
    slots = start_request_slots(LLMOptions(concurrency=3))
    shared = ClusterRequestLimit(slots, seconds=60.0)
    # Each limiter lets 10 through on its own: only the actor holds them to 3.
    limiters = [RequestLimiter(10, shared=shared) for _ in range(2)]
    lock = threading.Lock()
    now, peak = [0], [0]

    def call(limiter: RequestLimiter) -> None:
        with limiter.slot():
            with lock:
                now[0] += 1
                peak[0] = max(peak[0], now[0])
            time.sleep(0.05)
            with lock:
                now[0] -= 1

    threads = [threading.Thread(target=call, args=(limiters[i % 2],)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 3
    state = ray.get(slots.state.remote())
    assert state == {"in_flight": 0, "peak": 3, "expired": 0}
    ray.kill(slots)


@ray.remote(num_cpus=0.1)
def _hold_slots(slots: object, calls: int) -> list[tuple[float, float]]:
    """In a worker process: make ``calls`` calls at once through a limiter backed by the actor."""
    limiter = RequestLimiter(calls, shared=ClusterRequestLimit(slots, seconds=60.0))
    held: list[tuple[float, float]] = []

    def call() -> None:
        with limiter.slot():
            start = time.time()
            time.sleep(0.05)
            held.append((start, time.time()))

    threads = [threading.Thread(target=call) for _ in range(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return held


def test_llm_requests_in_flight_never_exceed_the_cluster_limit_from_tasks() -> None:
    slots = start_request_slots(LLMOptions(concurrency=2))
    spans = [s for held in ray.get([_hold_slots.remote(slots, 4) for _ in range(4)]) for s in held]
    assert len(spans) == 16
    # The most calls any moment saw, from the calls' own clocks (one machine).
    events = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    level = most = 0
    for _, step in events:
        level += step
        most = max(most, level)
    assert most == 2
    ray.kill(slots)


def test_a_slot_never_given_back_is_taken_back_when_its_lease_expires() -> None:
    slots = start_request_slots(LLMOptions(concurrency=1))
    lost = ClusterRequestLimit(slots, seconds=0.5)
    lost.acquire()  # its holder "dies": never released
    started = time.monotonic()
    lease = ClusterRequestLimit(slots, seconds=60.0).acquire()
    waited = time.monotonic() - started
    assert 0.4 <= waited < 5.0
    assert ray.get(slots.state.remote()) == {"in_flight": 1, "peak": 1, "expired": 1}
    ray.get(slots.release.remote(lease))
    ray.kill(slots)


def test_request_starts_are_spaced_across_the_cluster() -> None:
    slots = start_request_slots(LLMOptions(concurrency=4, rpm=600))
    shared = ClusterRequestLimit(slots, seconds=60.0)
    delays = [shared.start_delay() for _ in range(4)]
    # 600 a minute: one start every 0.1 s, however many processes ask.
    assert delays[0] == pytest.approx(0.0, abs=0.02)
    assert [round(b - a, 1) for a, b in itertools.pairwise(delays)] == [0.1, 0.1, 0.1]
    ray.kill(slots)


def test_engine_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JIXIAO_ENGINE", raising=False)
    assert engine_choice(None) == "local"
    monkeypatch.setenv("JIXIAO_ENGINE", "ray")
    assert engine_choice(None) == "ray"
    assert engine_choice("local") == "local"
    with pytest.raises(ConfigError, match="--engine / JIXIAO_ENGINE must be one of local, ray, not 'dask'"):
        engine_choice("dask")
    assert [default_batch(n, 2) for n in (1, 13, 62, 1000)] == [1, 1, 7, 8]
