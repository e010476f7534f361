"""Benchmark: the HoloMat workshop dashboard's load time, and the cards' bundle size.

Run from the repository root (not a test; it prints figures)::

    .venv/bin/python -m bench.dashboard_load [--runs 5]

Starts a whole workshop (``holomat_dev.workshop``: a real Home Assistant, three simulated
printers X1C / P1S / A1 printing, the real add-on and a model it made), logs in once with
Debian's chromium (headless, 1280x800), then opens the workshop dashboard ``--runs`` times, each
in a fresh browser context (empty cache, the login kept), and times from the navigation's start
until every card shows live values: each printer card its progress and temperatures, the model
card its model's facts and the 3D view drawn, the JARVIS card its input. Also prints the size
of the bundle every dashboard loads and of the three.js chunk the model card loads, raw and
gzipped (level 9, as a web server would send them compressed).
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path
import statistics
import tempfile
import time

from playwright.sync_api import Browser, sync_playwright

from custom_components.holomat.frontend import BUNDLE, DIST
from holomat_dev.browser import TABLET, launch_chromium, log_in
from holomat_dev.workshop import WORKSHOP_DASHBOARD, Workshop, running_workshop

PATH = f"/{WORKSHOP_DASHBOARD}/workshop"
# Every card with its live values (the model card scrolled into view draws its model).
READY = """() => {
  const cards = (tag) => [...deepAll(document, tag)];
  function* deepAll(root, tag) {
    for (const element of root.querySelectorAll("*")) {
      if (element.localName === tag) yield element;
      if (element.shadowRoot) yield* deepAll(element.shadowRoot, tag);
    }
  }
  const printers = cards("holomat-printer-card");
  const model = cards("holomat-model-card")[0];
  model?.scrollIntoView();
  return printers.length === 3
    && printers.every((card) => card.shadowRoot.querySelector("[data-field=progress]")
      && card.shadowRoot.querySelector("[data-field=nozzle]"))
    && !!model?.shadowRoot.querySelector("[data-field=viewer][data-state=shown] canvas")
    && !!model.shadowRoot.querySelector("[data-field=triangles]")
    && !!cards("holomat-assist-card")[0]?.shadowRoot.querySelector("input");
}"""


def bundle_sizes() -> dict[str, tuple[int, int]]:
    """Return each file of the bundle with its size raw and gzipped (bytes)."""
    sizes = {}
    for path in sorted(DIST.iterdir()):
        data = path.read_bytes()
        sizes[path.name] = (len(data), len(gzip.compress(data, compresslevel=9)))
    return sizes


def time_loads(browser: Browser, workshop: Workshop, runs: int) -> list[float]:
    """Return the seconds each fresh load of the workshop dashboard took to show live values."""
    first = browser.new_context(viewport=TABLET)
    log_in(first.new_page(), workshop.url, PATH)
    state = first.storage_state()
    first.close()
    timings = []
    for _ in range(runs):
        context = browser.new_context(viewport=TABLET, storage_state=state)
        page = context.new_page()
        started = time.perf_counter()
        page.goto(f"{workshop.url}{PATH}")
        page.wait_for_function(READY, polling=100, timeout=120_000)
        timings.append(time.perf_counter() - started)
        context.close()
    return timings


def main() -> None:
    """Start the workshop, time the dashboard, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for name, (raw, gzipped) in bundle_sizes().items():
        role = "every dashboard" if name == BUNDLE else "model card only (three.js)"
        print(f"{name}: {raw / 1024:.1f} KiB, {gzipped / 1024:.1f} KiB gzipped ({role})")
    with tempfile.TemporaryDirectory() as folder, running_workshop(Path(folder)) as workshop:
        print(f"workshop started in {workshop.timings['start_s']:.1f} s")
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            timings = time_loads(browser, workshop, args.runs)
            browser.close()
    print(
        "workshop dashboard, 3 printers, to every card live (s): "
        + ", ".join(f"{seconds:.2f}" for seconds in timings)
    )
    print(f"median {statistics.median(timings):.2f} s, best {min(timings):.2f} s")


if __name__ == "__main__":
    main()
