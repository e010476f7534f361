"""Benchmark: what HoloMat's sentences cost Home Assistant's built-in agent, per turn and per load.

Not a test. Run: ``.venv/bin/python -m bench.assist_turn [--turns 30] [--printers 3]``.

Home Assistant prefers custom sentences and matches every turn against them too, so HoloMat's
file (``custom_sentences/<language>/holomat.yaml``) is read at each sentence load and searched at
each turn, whatever the user says. For English and French, with 50 exposed entities, it
measures without and with the file (``--printers`` printers' phrases in its list):

- the time to load the language's sentences after ``conversation.reload`` (first turn after it);
- the median wall time of one ``conversation.async_converse`` turn through the built-in agent
  for one of Home Assistant's sentences (an input boolean switched on) and, with the file, for one
  of HoloMat's ("how is the X1C doing": the printers are not set up, so HoloMat answers that none
  is exposed; what is measured is the matching).

It also prints how many phrases the list holds.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
import statistics
import tempfile
import time
from typing import Any, cast

from homeassistant import loader
from homeassistant.components import conversation
from homeassistant.components.homeassistant.exposed_entities import async_expose_entity
from homeassistant.core import Context, HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import async_test_home_assistant

from custom_components.holomat.assist.names import PrinterNames, printer_phrases
from custom_components.holomat.assist.sentences import FILE_NAME, load_templates, sentence_file
from custom_components.holomat.assist.spoken import unique

ENTITIES = 50
WARM_UP = 3
SENTENCES = {
    "en": ("turn on device 7", "how is the X1C doing"),
    "fr": ("allume device 7", "où en est la X1C"),
}
FLEET = (("X1C", "Workshop"), ("P1S", "Garage"), ("A1 mini", "Office"), ("P1P", "Lab"))


def _phrases(printers: int, language: str) -> list[str]:
    """Return the list of ``printers`` printers' phrases, as HoloMat writes it."""
    fleet = [
        PrinterNames(
            coordinator=cast(Any, None),
            name=name,
            device_id=name,
            area_id=area,
            names=(f"Bambu Lab {name}", name),
            areas=(area,),
            exposed=True,
        )
        for name, area in (FLEET * 3)[:printers]
    ]
    return unique(phrase for printer in fleet for phrase in printer_phrases(printer, language))


async def _turn(hass: HomeAssistant, text: str, language: str) -> tuple[float, str]:
    """Run one built-in agent turn; return its milliseconds and what was said."""
    start = time.perf_counter()
    result = await conversation.async_converse(hass, text, None, Context(), language=language)
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, str(result.response.speech["plain"]["speech"])


async def _measure(hass: HomeAssistant, text: str, language: str, turns: int) -> float:
    """Return the median milliseconds of ``turns`` turns after warm-ups."""
    times = [(await _turn(hass, text, language))[0] for _ in range(turns + WARM_UP)]
    return statistics.median(times[WARM_UP:])


async def _reload(hass: HomeAssistant, language: str) -> float:
    """Reload the sentences; return the seconds the next turn takes to load them."""
    await hass.services.async_call("conversation", "reload", blocking=True)
    elapsed, _ = await _turn(hass, SENTENCES[language][0], language)
    return elapsed / 1000


def _write(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, making its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


async def main(turns: int, printers: int) -> None:
    """Print the figures for each language, without and with HoloMat's sentences."""
    with tempfile.TemporaryDirectory() as config_dir:
        _write(Path(config_dir, "configuration.yaml"), "")
        async with async_test_home_assistant(config_dir=config_dir) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            for component in ("homeassistant", "intent", "conversation"):
                assert await async_setup_component(hass, component, {})
            assert await async_setup_component(hass, "holomat", {})
            booleans = {f"device_{i}": {"name": f"Device {i}"} for i in range(ENTITIES)}
            assert await async_setup_component(hass, "input_boolean", {"input_boolean": booleans})
            for i in range(ENTITIES):
                async_expose_entity(hass, "conversation", f"input_boolean.device_{i}", True)
            print(f"Median of {turns} turns after {WARM_UP} warm-ups, {ENTITIES} exposed entities")
            print(
                f"{'lang':<5} {'sentences':<22} {'phrases':>7} {'load s':>7} "
                f"{'HA turn ms':>10} {'HoloMat turn ms':>15}"
            )
            for language, (home, holomat) in SENTENCES.items():
                path = Path(config_dir, "custom_sentences", language, FILE_NAME)
                load = await _reload(hass, language)
                ms = await _measure(hass, home, language, turns)
                print(f"{language:<5} {'Home Assistant only':<22} {0:>7} {load:>7.2f} {ms:>10.1f}")
                phrases = _phrases(printers, language)
                text = sentence_file(load_templates(language), phrases)
                await hass.async_add_executor_job(_write, path, text)
                load = await _reload(hass, language)
                ms = await _measure(hass, home, language, turns)
                ours = await _measure(hass, holomat, language, turns)
                label = f"+ HoloMat, {printers} printers"
                print(
                    f"{language:<5} {label:<22} {len(phrases):>7} {load:>7.2f} {ms:>10.1f} "
                    f"{ours:>15.1f}"
                )
            await hass.async_stop(force=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=30, help="measured turns per figure")
    parser.add_argument("--printers", type=int, default=3, help="printers in HoloMat's list")
    args = parser.parse_args()
    asyncio.run(main(args.turns, args.printers))
