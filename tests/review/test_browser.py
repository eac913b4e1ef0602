"""The review app in Debian's chromium: highlight a value's source, edit, reject, reload, conflict, export.

Runs the real commands end to end: `jixiao extract` on two golden documents, `jixiao review OUT` as a
server on a free port, the browser through Playwright, then `jixiao review export` and `jixiao eval`.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from jixiao.schema import Report
from tests.conftest import seed_path

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DOCS = ("002_yuelu_2021", "004_zigong_2022")


def _jixiao(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jixiao.cli.app", *args], capture_output=True, text=True, timeout=timeout
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "out"
    done = _jixiao("extract", *(str(seed_path(d)) for d in DOCS), "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out


@contextmanager
def _serving(out: Path) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jixiao.cli.app",
            "review",
            str(out),
            "--port",
            str(port),
            "--reviewer",
            "tester",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"review server did not start: {proc.stderr.read() if proc.stderr else ''}"
                    ) from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture()
def server(batch: Path) -> Iterator[str]:
    with _serving(batch) as url:
        yield url


def _fund_index(report: Report, breakdown: str, label: str) -> int:
    assert report.dept_table is not None
    return next(
        i for i, f in enumerate(report.dept_table.funds) if f.breakdown == breakdown and f.label_raw == label
    )


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_review_in_the_browser_then_export_and_eval(batch: Path, server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect
    from playwright.sync_api import sync_playwright

    report = Report.model_validate_json((batch / f"{DOCS[0]}.json").read_text(encoding="utf-8"))
    fund = _fund_index(report, "资金来源", "合计")
    executed, budget = f"dept_table/funds/{fund}/executed", f"dept_table/funds/{fund}/budget"
    score = "dept_table/indicators/0/score"
    chip = 'a.v[data-path="{}"]'.format

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server + "/")
            page.click(f'tr[data-id="{report.id}"] a')
            expect(page.locator("main.doc")).to_have_attribute("data-report", report.id)

            # click a value: its source cell is highlighted and scrolled into the source pane
            page.click(chip(executed))
            expect(page.locator("#inspector-body")).to_have_attribute("data-path", executed)
            highlighted = page.locator("#source .hl")
            expect(highlighted).to_have_count(1)
            assert highlighted.inner_text() == "212.64"  # the cell as written in the document
            assert page.locator("#source td.hl-cell").count() == 1
            pane, box = page.locator("#source").bounding_box(), highlighted.bounding_box()
            assert pane and box and pane["y"] <= box["y"] <= pane["y"] + pane["height"]

            # a second reviewer has the score open before the first one rejects it
            other = browser.new_page()
            other.goto(f"{server}/r/{report.id}?v={score}")
            expect(other.locator("#inspector-body")).to_have_attribute("data-version", "0")

            # edit one value and reject another, with the keyboard
            page.click(chip(budget))
            expect(page.locator("#inspector-body")).to_have_attribute("data-path", budget)
            page.keyboard.press("e")  # focuses the edit box with the value selected
            page.keyboard.type("198.98")
            page.keyboard.press("Enter")  # Enter in the edit box saves the edit (never an accept)
            expect(page.locator("#inspector-body")).to_have_attribute("data-status", "edited")
            page.click(chip(score))
            expect(page.locator("#inspector-body")).to_have_attribute("data-path", score)
            page.keyboard.press("r")
            expect(page.locator("#inspector-body")).to_have_attribute("data-status", "rejected")
            page.keyboard.press("j")  # next value
            expect(page.locator("a.v.selected")).not_to_have_attribute("data-path", score)

            # the stale reviewer's save is refused, visibly
            other.click("#decide button.accept")
            expect(other.locator("#inspector-body .message.error")).to_contain_text(
                "this value was changed by tester"
            )
            other.close()

            # reload: both decisions are there
            page.goto(f"{server}/r/{report.id}")
            expect(page.locator(chip(budget))).to_have_class(re.compile(r"\bst-edited\b"))
            expect(page.locator(chip(budget))).to_have_text("198.98")
            expect(page.locator(chip(score))).to_have_class(re.compile(r"\bst-rejected\b"))
            page.click(chip(budget))
            expect(page.locator("table.history")).to_contain_text("tester")
            expect(page.locator("table.history")).to_contain_text("198.8 → 198.98")
            assert errors == []
        finally:
            browser.close()

    golden = tmp_path / "golden"
    (golden / "docs").mkdir(parents=True)
    for doc in DOCS:
        shutil.copy(seed_path(doc), golden / "docs")
    exported = _jixiao("review", "export", str(batch), "--to", str(golden / "expected"))
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.split() == [str(golden / "expected" / f"{DOCS[0]}.json")]
    scored = _jixiao(
        "eval", "--golden", str(golden), "--format", "json", "--out", str(tmp_path / "eval.json")
    )
    assert scored.returncode == 0, scored.stderr
    result = json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))
    (rendering,) = result["renderings"]
    assert rendering["file"] == f"{DOCS[0]}.txt" and rendering["error"] is None
    groups = {g["group"]: g for g in rendering["groups"]}
    assert list(groups) == ["funds"]
    funds = groups["funds"]
    wrong = [(m["field"], m["expected"], m["got"]) for m in funds["mismatches"] if m["kind"] == "field"]
    assert wrong == [("budget", "198.98", "198.8")]  # the reviewer's edit is the answer the tool is held to
    # only the reviewed row is in the answer: the tool's other rows of the table count as spurious
    counts = funds["metrics"]["counts"]
    assert (counts["expected"], counts["matched"]) == (1, 1)
    assert counts["predicted"] == len(report.dept_table.funds)


@pytest.fixture(scope="module")
def published_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("published") / "out"
    stem = DOCS[0]
    done = _jixiao("extract", str(seed_path(stem, "pdf")), str(seed_path(stem, "xlsx")), "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_a_value_beside_the_page_or_sheet_it_was_published_in(published_batch: Path) -> None:
    from playwright.sync_api import expect
    from playwright.sync_api import sync_playwright

    stem = DOCS[0]
    pdf = Report.model_validate_json((published_batch / f"{stem}.pdf.json").read_text(encoding="utf-8"))
    xlsx = Report.model_validate_json((published_batch / f"{stem}.xlsx.json").read_text(encoding="utf-8"))
    executed = f"dept_table/funds/{_fund_index(pdf, '资金来源', '合计')}/executed"
    assert executed == f"dept_table/funds/{_fund_index(xlsx, '资金来源', '合计')}/executed"
    chip = f'a.v[data-path="{executed}"]'
    with _serving(published_batch) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            images: list[tuple[str, int, str]] = []
            page.on(
                "response",
                lambda r: (
                    images.append((r.url, r.status, r.headers.get("content-type", "")))
                    if r.url.endswith(".png")
                    else None
                ),
            )

            # a workbook value: the sheet grid, the value's cell highlighted
            page.goto(f"{server}/r/{xlsx.id}")
            page.click(chip)
            expect(page.locator("#inspector-body")).to_have_attribute("data-path", executed)
            hit = page.locator("#inspector table.sheet td.hit")
            expect(hit).to_have_count(1)
            expect(hit).to_have_attribute("data-cell", "E5")
            expect(hit).to_have_text("212.64")
            expect(hit).to_be_in_viewport()  # scrolled into the sheet's own pane
            assert page.locator("#source .hl").inner_text() == "212.64"  # the rebuilt table beside it
            colour = hit.evaluate("el => getComputedStyle(el).backgroundColor")
            plain = page.locator('#inspector table.sheet td[data-cell="D5"]').evaluate(
                "el => getComputedStyle(el).backgroundColor"
            )
            assert colour != plain  # the cell is drawn highlighted, not just marked

            # a PDF value: the page image with the value's box on it
            page.goto(f"{server}/r/{pdf.id}")
            page.click(chip)
            expect(page.locator("#inspector-body")).to_have_attribute("data-path", executed)
            box = page.locator("#inspector svg.page-svg rect.value-box")
            expect(box).to_be_visible()
            svg = page.locator("#inspector svg.page-svg").bounding_box()
            rect = box.bounding_box()
            assert svg and rect and rect["width"] > 10 and rect["height"] > 5
            assert svg["x"] <= rect["x"] and rect["x"] + rect["width"] <= svg["x"] + svg["width"]
            assert svg["y"] <= rect["y"] and rect["y"] + rect["height"] <= svg["y"] + svg["height"]
            page.wait_for_function(
                "() => performance.getEntriesByType('resource').some(e => e.name.endsWith('/page/1.png'))"
            )
            assert (f"{server}/r/{pdf.id}/page/1.png", 200, "image/png") in images
            assert errors == []
        finally:
            browser.close()
