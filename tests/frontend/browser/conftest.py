"""Fixtures of the browser tests: one running workshop and one logged-in browser per module.

The workshop (``holomat_dev.workshop``) is a real Home Assistant started as ``scripts/develop``
starts it, with simulated printers and the real add-on; the browser is Debian's chromium driven
by Playwright. Screenshots go to ``.artifacts/browser/`` (git-ignored), one per test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import pytest_socket

from holomat_dev.browser import CHROMIUM, TABLET, ConsoleErrors, launch_chromium, log_in
from holomat_dev.workshop import ADDON_PYTHON, Workshop, running_workshop

playwright_api = pytest.importorskip("playwright.sync_api")

ARTIFACTS = Path(__file__).parents[3] / ".artifacts" / "browser"


@pytest.fixture(autouse=True)
def verify_cleanup() -> None:
    """Replace the HA test harness's per-test cleanup check, which cannot run here.

    The harness drives the main thread's event loop after each test, but Playwright's sync API
    runs its own loop in a greenlet of that thread, so the loop counts as running. These tests
    use no ``hass`` fixture: what they start (Home Assistant, the add-on, the printers' thread,
    the browser) is stopped by the module's fixtures.
    """


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workshop]:
    """Run the workshop for the module's tests (sockets stay open while it runs)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (scripts/setup installs it)")
    if not ADDON_PYTHON.exists():
        pytest.skip("the add-on's environment (addon/.venv) is not installed")
    pytest_socket.enable_socket()
    try:
        with running_workshop(tmp_path_factory.mktemp("workshop")) as running:
            yield running
    finally:
        pytest_socket.disable_socket(allow_unix_socket=True)


@pytest.fixture(autouse=True)
def _sockets(socket_enabled: None) -> None:
    """Keep sockets open in each test: the printers' thread talks to the broker meanwhile."""


@pytest.fixture(scope="module")
def browser(workshop: Workshop) -> Iterator[playwright_api.Browser]:
    """Return Debian's chromium, headless, for the module's tests."""
    with playwright_api.sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


class Dashboard:
    """A logged-in tab on a dashboard, with the console errors it had."""

    def __init__(self, page: playwright_api.Page, errors: ConsoleErrors) -> None:
        """Keep the page and its console."""
        self.page = page
        self.errors = errors

    def card(self, tag: str, device_name: str | None = None) -> playwright_api.Locator:
        """Return the card ``tag`` (of the printer named ``device_name``)."""
        cards = self.page.locator(tag)
        if device_name is None:
            return cards
        return cards.filter(has=self.page.locator(".title", has_text=device_name))

    def screenshot(self, name: str) -> Path:
        """Keep a screenshot of the whole dashboard as a test artifact; return its path."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=path, full_page=True)
        return path


def open_dashboard(
    browser: playwright_api.Browser, workshop: Workshop, path: str, **context: object
) -> Dashboard:
    """Open ``path`` in a new logged-in tab (``context``: Playwright's, e.g. color_scheme)."""
    page = browser.new_context(viewport=TABLET, **context).new_page()  # type: ignore[arg-type]
    errors = ConsoleErrors()
    errors.attach(page)
    log_in(page, workshop.url, path)
    return Dashboard(page, errors)


@pytest.fixture(scope="module")
def workshop_dashboard(browser: playwright_api.Browser, workshop: Workshop) -> Iterator[Dashboard]:
    """Return a tab on the HoloMat workshop dashboard (the strategy), logged in."""
    dashboard = open_dashboard(browser, workshop, "/holomat-workshop/workshop")
    yield dashboard
    dashboard.page.context.close()
