"""Drive Debian's chromium with Playwright against a running workshop (browser tests, bench).

Playwright never downloads a browser here: it launches ``/usr/bin/chromium`` (Debian's package,
installed by ``scripts/setup``) headless. ``--enable-unsafe-swiftshader`` lets headless chromium
draw WebGL in software, as the 3D viewer needs on a machine without a GPU.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
import re

from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Playwright, ViewportSize

from .ha_bootstrap import PASSWORD, USERNAME

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ("--no-sandbox", "--disable-background-networking", "--enable-unsafe-swiftshader")
TABLET: ViewportSize = {"width": 1280, "height": 800}  # a 10-inch tablet in landscape


def launch_chromium(playwright: Playwright) -> Browser:
    """Launch Debian's chromium, headless; ``FileNotFoundError`` when it is not installed."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"{CHROMIUM} is missing: scripts/setup installs chromium")
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS)
    )


@dataclass
class ConsoleErrors:
    """The errors a page wrote to the browser console, or threw, since ``attach``."""

    messages: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        """Start collecting ``page``'s errors."""
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.messages.append(f"{message.text} ({message.location.get('url')})")

    def _on_page_error(self, error: Error) -> None:
        self.messages.append(f"uncaught: {error}")


def log_in(page: Page, url: str, path: str) -> None:
    """Open ``path`` of Home Assistant at ``url`` and log in as the development user."""
    page.goto(f"{url}{path}")
    page.locator("input[name=username]").fill(USERNAME)
    page.locator("input[name=password]").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(f"{url}{path}")))
