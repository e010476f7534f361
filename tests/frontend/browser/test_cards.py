"""HoloMat's cards in a real browser, against a real Home Assistant with simulated printers.

One workshop and one logged-in tab serve the whole module (see ``conftest.py``). What a user
would notice: live values that move, buttons that act on the printer, a stop that asks first,
a 3D model drawn, the theme and language followed, and a console without errors.
"""

from __future__ import annotations

from collections.abc import Callable
import io
import time

from PIL import Image
import pytest

from holomat_dev.workshop import CARDS_DASHBOARD, Workshop

from .conftest import Dashboard, open_dashboard, playwright_api

PRINTERS = {"X1C": "Bambu Lab X1-Carbon", "P1S": "Bambu Lab P1S", "A1": "Bambu Lab A1"}


def wait_until(condition: Callable[[], bool], within: float = 20.0, what: str = "") -> None:
    """Poll ``condition`` every 0.2 s; fail the test after ``within`` seconds."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {within} s: {what}")
        time.sleep(0.2)


def progress(card: playwright_api.Locator) -> float:
    """Return the progress a printer card shows (%)."""
    return float(card.locator("[data-field=progress]").get_attribute("data-value") or "nan")


def test_the_workshop_shows_every_printer_live(workshop_dashboard: Dashboard) -> None:
    dashboard = workshop_dashboard
    cards = dashboard.card("holomat-printer-card")
    cards.first.wait_for()
    assert cards.count() == len(PRINTERS)
    for model, name in PRINTERS.items():
        card = dashboard.card("holomat-printer-card", name)
        card.locator("[data-field=progress]").wait_for()
        assert card.locator("[data-field=status]").inner_text() in ("Printing", "Preparing")
        assert card.locator("[data-field=task]").inner_text().startswith("Part ")
        assert "°C" in card.locator("[data-field=nozzle]").inner_text()
        assert "°C" in card.locator("[data-field=bed]").inner_text()
        # Only the X1 family measures its chamber: the card shows what the printer has.
        assert card.locator("[data-field=chamber]").count() == (model == "X1C")
        trays = card.locator("[data-field=tray]")
        assert trays.count() >= 4  # each AMS slot and the external spool, in their colours
        assert card.locator("[data-field=remaining]").inner_text().startswith("Remaining")
    x1c = dashboard.card("holomat-printer-card", PRINTERS["X1C"])
    before = progress(x1c)
    # A job stays at 0 % while it prepares (a tenth of it: 36 s at the workshop's 20x), then moves
    # 1 % every 3.6 s: wait out a whole preparation, which a fast machine's tests start within.
    wait_until(lambda: progress(x1c) > before, within=90, what="the X1C's progress moves on")
    dashboard.screenshot("workshop")
    assert dashboard.errors.messages == []


def test_pause_pauses_the_printer_and_resume_resumes_it(
    workshop_dashboard: Dashboard, workshop: Workshop
) -> None:
    card = workshop_dashboard.card("holomat-printer-card", PRINTERS["P1S"])
    printer = workshop.simulator("P1S")
    card.locator("[data-action=pause]").click()
    wait_until(lambda: printer.gcode_state == "PAUSE", what="the P1S pauses")
    card.locator("[data-action=resume]").wait_for()
    assert card.locator("[data-field=status]").inner_text() == "Paused"
    assert card.locator("[data-action=pause]").count() == 0
    card.locator("[data-action=resume]").click()
    wait_until(lambda: printer.gcode_state in ("RUNNING", "PREPARE"), what="the P1S resumes")
    card.locator("[data-action=pause]").wait_for()
    assert workshop_dashboard.errors.messages == []


def test_stop_asks_first(workshop_dashboard: Dashboard, workshop: Workshop) -> None:
    card = workshop_dashboard.card("holomat-printer-card", PRINTERS["A1"])
    printer = workshop.simulator("A1")
    card.locator("[data-action=stop]").click()
    assert "cannot be resumed" in card.locator("[data-field=stop-confirm]").inner_text()
    card.locator("[data-action=stop-cancel]").click()
    assert card.locator("[data-field=stop-confirm]").count() == 0
    time.sleep(1)
    assert printer.gcode_state in ("RUNNING", "PREPARE"), "a stop that was cancelled stopped"
    card.locator("[data-action=stop]").click()
    card.locator("[data-action=stop-confirm]").click()
    wait_until(lambda: printer.printer.job is None, what="the A1 stops")
    wait_until(
        lambda: card.locator("[data-action=pause]").count() == 0, what="the card sees the stop"
    )
    assert workshop_dashboard.errors.messages == []


def saturated_share(png: bytes) -> float:
    """Return the share of pixels with a strong colour (the model; plate and grid are grey)."""
    image = Image.open(io.BytesIO(png)).convert("HSV")
    pixels = list(image.getdata())
    return sum(1 for _, saturation, value in pixels if saturation > 90 and value > 60) / len(pixels)


def test_the_3d_viewer_draws_the_model(workshop_dashboard: Dashboard, workshop: Workshop) -> None:
    assert workshop.model is not None
    card = workshop_dashboard.card("holomat-model-card")
    card.scroll_into_view_if_needed()  # the viewer (three.js) loads once the card is on screen
    card.locator("[data-field=viewer][data-state=shown] canvas").wait_for(timeout=30_000)
    canvas = card.locator("canvas").screenshot()
    assert saturated_share(canvas) > 0.02, "the canvas shows no model"
    assert (
        card.locator("[data-field=triangles]")
        .inner_text()
        .endswith(f"{workshop.model['triangles']:,}")
    )
    assert card.locator("[data-field=size]").inner_text().endswith("mm")
    assert card.locator("[data-action=make-again]").is_visible()
    # Orbit: a drag turns the model.
    box = card.locator("canvas").bounding_box()
    assert box is not None
    page = workshop_dashboard.page
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 120, box["y"] + box["height"] / 2, steps=5)
    page.mouse.up()
    assert card.locator("canvas").screenshot() != canvas
    card.screenshot(path=workshop_dashboard.screenshot("model").with_name("model-card.png"))
    assert workshop_dashboard.errors.messages == []


def test_each_card_follows_a_dark_theme_and_french(
    browser: playwright_api.Browser, workshop: Workshop
) -> None:
    dashboard = open_dashboard(
        browser, workshop, f"/{CARDS_DASHBOARD}/cards", color_scheme="dark", locale="fr-FR"
    )
    try:
        printer = dashboard.card("holomat-printer-card", PRINTERS["X1C"])
        printer.locator("[data-field=nozzle]").wait_for()
        assert printer.locator("[data-field=nozzle]").inner_text().startswith("Buse")
        assert printer.locator("[data-field=status]").inner_text() in ("Impression", "Préparation")
        background = printer.locator("ha-card").evaluate(
            "card => getComputedStyle(card).backgroundColor"
        )
        red, green, blue = (int(part) for part in background[4:-1].split(",")[:3])
        assert red + green + blue < 3 * 80, f"a light card in the dark theme: {background}"
        assert dashboard.card("holomat-model-card").locator("[data-field=volume]").count() == 1
        assist = dashboard.card("holomat-assist-card")
        assist.locator("input").fill("Quelle heure est-il ?")
        assist.locator("input").press("Enter")
        assist.locator(".turn.agent:not(.muted)").wait_for()
        dashboard.screenshot("cards-dark-fr")
        assert dashboard.errors.messages == []
    finally:
        dashboard.page.context.close()


def assert_shows_new_frames(camera: playwright_api.Locator) -> None:
    """Fail unless the camera view changes within 20 s (the simulator draws a clock)."""
    first = camera.screenshot()
    wait_until(lambda: camera.screenshot() != first, what="the camera shows new frames")


def test_the_printer_picture_follows_its_entities(workshop_dashboard: Dashboard) -> None:
    """Camera if the printer has one, else the cover image, else no picture.

    The camera and cover image entities come with the printer camera work (issue 11, item 1);
    until then no printer has them and the card shows no picture. When they exist, this test
    checks that the camera shows frames that change (the simulator draws a clock).
    """
    page = workshop_dashboard.page
    for card in workshop_dashboard.card("holomat-printer-card").all():
        device = card.locator("ha-card").get_attribute("data-printer")
        keys = page.evaluate(
            """device => Object.values(document.querySelector("home-assistant").hass.entities)
                .filter(entry => entry.device_id === device).map(entry => entry.translation_key)""",
            device,
        )
        if "camera" in keys:
            assert_shows_new_frames(card.locator("[data-field=camera]"))
        elif "cover_image" in keys:
            assert card.locator("[data-field=cover_image] img").is_visible()
        else:
            assert card.locator(".media").count() == 0


def test_the_card_picker_lists_the_cards_with_their_editors(workshop_dashboard: Dashboard) -> None:
    page = workshop_dashboard.page
    picker = page.evaluate("window.customCards.map(card => [card.type, card.name, card.preview])")
    assert sorted(picker) == [
        ["holomat-assist-card", "HoloMat JARVIS", True],
        ["holomat-model-card", "HoloMat 3D model", True],
        ["holomat-printer-card", "HoloMat printer", True],
    ]
    editor = page.evaluate(
        """async () => {
            const hass = document.querySelector("home-assistant").hass;
            const card = customElements.get("holomat-printer-card");
            const stub = card.getStubConfig(hass);
            const editor = card.getConfigElement();
            editor.hass = hass;
            editor.setConfig({ type: "custom:holomat-printer-card", ...stub });
            document.body.append(editor);
            await editor.updateComplete;
            const form = editor.shadowRoot.querySelector("ha-form");
            const printer = hass.devices[stub.device_id];
            editor.remove();
            return { fields: form.schema.map(field => field.name), data: form.data,
                     printer: printer.name };
        }"""
    )
    assert editor["fields"] == ["device_id"]
    assert editor["data"]["device_id"]
    assert editor["printer"] in PRINTERS.values()
