"""The dashboard in a real browser (Playwright driving Debian's Chromium).

Skipped, with the reason, when Playwright or Chromium is missing, except under CI (CI=1),
where a missing browser is a failure. Set STANCEMAP_SCREENSHOTS=1 to refresh the README's
screenshots in docs/img/; otherwise they go to a temporary folder."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stancemap.cli import app as cli_app
from stancemap.scenario import load_scenario
from stancemap.serve import create_app
from stancemap.serve.security import LOOPBACK_HOSTS
from stancemap.store import Store
from tests.conftest import ROOT
from tests.serve_data import seed

CHROMIUM = os.environ.get("STANCEMAP_CHROMIUM") or shutil.which("chromium") or \
    "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update"]


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install playwright==1.65.2)"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


MISSING = _missing()
if MISSING and os.environ.get("CI"):
    raise RuntimeError(f"browser tests cannot run under CI: {MISSING}")
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(store: Store) -> Iterator[str]:
    import uvicorn

    seed(store)
    app = create_app(store, load_scenario(), allowed_hosts=LOOPBACK_HOSTS)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not instance.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the dashboard did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def _shot_dir(tmp_path: Path) -> Path:
    if os.environ.get("STANCEMAP_SCREENSHOTS"):
        target = ROOT / "docs" / "img"
        target.mkdir(parents=True, exist_ok=True)
        return target
    return tmp_path


def test_map_cell_evidence_review_and_reload(server: str, page: Any, tmp_path: Path) -> None:
    page.goto(server + "/")
    cell = page.locator('td.cell[data-party="RUS"][data-issue="territory.south"]')
    assert cell.get_attribute("data-action") == "offer"
    page.screenshot(path=str(_shot_dir(tmp_path) / "dashboard.png"), full_page=True)

    cell.locator("a").click()
    page.wait_for_url("**/cell/RUS/territory.south")
    evidence = page.locator("section.current blockquote.evidence").inner_text()
    assert "Russia signaled willingness to freeze current frontlines" in evidence

    page.locator("section.current a.review-link").click()
    page.wait_for_selector("form.review")
    page.fill("input[name=reviewer]", "Ana Lopez")
    page.select_option("select[name=action]", "propose")
    page.click("button.edit")
    page.wait_for_selector("table.audit")
    assert "Ana Lopez" in page.locator("table.audit").inner_text()

    page.goto(server + "/")
    page.reload()
    cell = page.locator('td.cell[data-party="RUS"][data-issue="territory.south"]')
    assert cell.get_attribute("data-action") == "propose"


def test_as_of_control_redraws_the_map(server: str, page: Any) -> None:
    page.goto(server + "/")
    page.fill("#as_of", "2025-01-01")  # app.js submits on change
    page.wait_for_url("**/?as_of=2025-01-01")
    cell = page.locator('td.cell[data-party="RUS"][data-issue="territory.south"]')
    assert cell.get_attribute("data-action") == "demand"
    assert page.locator('td.cell[data-party="USA"]').count() == 0


def test_issue_timeline_and_article_highlights(server: str, page: Any) -> None:
    page.goto(server + "/issue/territory.south")
    assert page.locator("svg.timeline circle").count() == 3
    page.locator("a.review-link").first.wait_for()
    page.locator(".stmt .meta a").first.click()
    page.wait_for_selector("article.text mark")
    marks = page.locator("article.text mark")
    assert marks.count() >= 2
    assert any("partial retreat" in marks.nth(i).inner_text() for i in range(marks.count()))


def test_forecast_numbers_set_in_the_browser(server: str, page: Any) -> None:
    blocked: list[str] = []
    page.on("console", lambda msg: blocked.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    page.goto(server + "/forecast")
    assert page.locator("section.forecast-issue svg").count() >= 1
    page.click('a[href="/forecast/territory.south"]')
    page.wait_for_selector("table.numbers")
    row = page.locator("tr#party-RUS")
    assert row.locator(".source").first.inner_text() in ("suggested", "file")
    page.fill("input[name=analyst]", "Ana Lopez")
    page.fill('input[name="RUS:position"]', "20")
    row.locator("button.edit").click()
    page.wait_for_selector("table.audit")
    row = page.locator("tr#party-RUS")
    assert row.locator(".source").first.inner_text() == "analyst"
    assert row.locator('input[name="RUS:position"]').input_value() == "20"
    assert "Ana Lopez" in page.locator("table.audit").inner_text()
    assert blocked == []


def test_uploaded_hostile_article_runs_no_script(server: str, page: Any,
                                                 tmp_path: Path) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    hostile = tmp_path / "hostile.txt"
    hostile.write_text("Envoys met in Geneva to discuss the ceasefire plan in detail today.\n"
                       "<script>alert('script')</script> <img src=x onerror=\"alert('img')\">"
                       " <a href=\"javascript:alert('link')\">link</a>\n", encoding="utf-8")
    page.goto(server + "/articles")
    page.set_input_files("input[name=file]", str(hostile))
    page.click("form.add button[type=submit]")
    page.wait_for_selector(".events")
    assert "added" in page.locator(".events").inner_text()
    page.click(".events a")
    page.wait_for_selector("article.text")
    assert "<script>alert('script')</script>" in page.locator("article.text").inner_text()
    assert page.locator("article.text img, article.text a, article.text script").count() == 0
    page.wait_for_timeout(200)
    assert dialogs == []


def test_report_screenshot(store: Store, page: Any, tmp_path: Path) -> None:
    seed(store)
    report = tmp_path / "report.html"
    result = CliRunner().invoke(cli_app, ["report", "--db", store.url, "-o", str(report)])
    assert result.exit_code == 0, result.output
    page.goto(report.as_uri())
    assert page.locator("table.matrix").count() == 1
    page.screenshot(path=str(_shot_dir(tmp_path) / "report.png"), full_page=False)
