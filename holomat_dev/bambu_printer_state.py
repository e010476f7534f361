"""The simulated state of a BambuLab printer: its report body, a print job and temperatures.

Pure (no I/O): ``holomat_dev.bambu_simulator`` puts it on MQTT. Every change goes through
``put()``, which records the changed top-level key, so ``take_delta()`` yields what P1/A1
firmware puts in a ``"msg": 1`` report: only the keys that changed. Protocol facts (states,
stages, error codes, the ``fun`` signing bit) come from shared/notes/bambu-printers.md §5-9.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
import math
import random
from typing import Any

from .bambu_recordings import PrinterModel, full_report_body

STOP_PRINT_ERROR = 50348044  # 0300_400C "task was canceled"
DEFAULT_FAIL_ERROR = 117473286  # 0700_8006 "AMS unable to feed filament"
AUTHORIZATION_ERROR = 84033543  # 0502_4007: the command needs a signature (Developer mode off)
SIGNING_FUN_BIT = 0x20000000
AUTHORIZATION_HMS = {"attr": 0x05000500, "code": 0x00010007}  # 0500_0500_0001_0007
SPEED_MAGNITUDES = {1: 50, 2: 100, 3: 124, 4: 166}  # spd_lvl → spd_mag (%)
ACTIVE_STATES = ("PREPARE", "RUNNING", "PAUSE")
AMBIENT_C = 25.0
NOZZLE_TARGET_C = 220.0
BED_TARGET_C = 60.0
CHAMBER_PRINTING_C = 35.0
HEATING_TAU_S = 20.0  # printer seconds for a temperature to close 63 % of its gap
PREPARE_FRACTION = 0.1
PAUSED_BY_USER_STAGE = 16
PREPARE_STAGES = (2, 1, 7)  # heatbed preheating, auto bed levelling, heating hotend


class CommandRejectedError(Exception):
    """The printer refuses a command in its current state; ``reason`` goes in the ack."""

    def __init__(self, reason: str) -> None:
        """Keep the reason the ack reports."""
        super().__init__(reason)
        self.reason = reason


@dataclass(slots=True)
class PrintJob:
    """A print: name, printer-time duration (s), layer count and printer-time elapsed (s)."""

    name: str
    duration_s: float
    layers: int
    elapsed_s: float = 0.0

    @property
    def prepare_s(self) -> float:
        """Return how long the PREPARE phase lasts (heating, levelling), in printer seconds."""
        return self.duration_s * PREPARE_FRACTION


def _quantize(value: float) -> float:
    """Round a temperature to 1/32 °C, the resolution real reports show (29.4375)."""
    return round(value * 32) / 32


class PrinterState:
    """The report body of one simulated printer and the job running on it."""

    def __init__(
        self, model: PrinterModel, *, authorization_control: bool = False, seed: str = ""
    ) -> None:
        """Start from the model's recorded full report; Developer mode on unless told."""
        self.model = model
        self.body: dict[str, Any] = full_report_body(model)
        self.job: PrintJob | None = None
        self.authorization_control = False
        self._dirty: set[str] = set()
        self._random = random.Random(seed)  # noqa: S311 - sensor noise, not secrets
        self._idle_pending = False
        self._apply_fun(authorization_control)
        self._dirty.clear()

    @property
    def gcode_state(self) -> str:
        """Return the printer's ``gcode_state`` (IDLE, PREPARE, RUNNING, PAUSE, FINISH, FAILED)."""
        return str(self.body.get("gcode_state", "IDLE"))

    def put(self, key: str, value: Any) -> None:
        """Set a top-level report field, remembering it for the next delta when it changed."""
        if self.body.get(key) != value:
            self.body[key] = value
            self._dirty.add(key)

    def merge(self, fields: dict[str, Any]) -> None:
        """Deep-merge report fields (objects recursively, anything else replaced)."""

        def _merge(target: dict[str, Any], source: dict[str, Any]) -> None:
            for key, value in source.items():
                if isinstance(value, dict) and isinstance(target.get(key), dict):
                    _merge(target[key], value)
                else:
                    target[key] = copy.deepcopy(value)

        _merge(self.body, fields)
        self._dirty.update(fields)

    def full_body(self) -> dict[str, Any]:
        """Return a copy of the whole report body (what a ``pushall`` answer carries)."""
        self._dirty.clear()
        return copy.deepcopy(self.body)

    def take_delta(self) -> dict[str, Any] | None:
        """Return the changed fields since the last delta or full report, or None."""
        if not self._dirty:
            return None
        fields = {key: copy.deepcopy(self.body[key]) for key in self._dirty if key in self.body}
        self._dirty.clear()
        return fields or None

    def mark_dirty(self, keys: set[str] | dict[str, Any]) -> None:
        """Put keys back for the next delta (a publish that failed)."""
        self._dirty.update(keys)

    def forget(self, keys: set[str] | dict[str, Any]) -> None:
        """Leave keys out of the next delta (they were just published another way)."""
        self._dirty.difference_update(keys)

    # Jobs

    def start_print(
        self, name: str, duration_s: float, layers: int, gcode_file: str | None = None
    ) -> None:
        """Start a job: PREPARE now, RUNNING after a tenth of ``duration_s`` (printer seconds).

        ``gcode_file`` is the file the report names (``<name>.gcode`` by default).
        """
        if duration_s <= 0 or layers <= 0:
            raise ValueError("A print needs a positive duration and layer count")
        self.job = PrintJob(name=name, duration_s=duration_s, layers=layers)
        self._idle_pending = False
        number = str(self._random.randrange(10**8, 10**9))
        self.put("subtask_name", name)
        self.put("gcode_file", gcode_file or f"{name}.gcode")
        self.put("print_type", "local")
        self.put("task_id", number)
        self.put("subtask_id", number)
        self.put("print_error", 0)
        self.put("total_layer_num", layers)
        self.put("gcode_state", "PREPARE")
        self._update_progress()

    def advance(self, printer_seconds: float, *, periodic: bool = True) -> None:
        """Move the job and the temperatures on by ``printer_seconds``.

        ``periodic`` adds the small sensor noise and Wi-Fi readings idle firmware reports.
        """
        if self._idle_pending and periodic:
            self._idle_pending = False
            self.put("gcode_state", "IDLE")
            self.put("print_error", 0)
        if self.job is not None and self.gcode_state in ("PREPARE", "RUNNING"):
            self.job.elapsed_s += printer_seconds
            if self.job.elapsed_s >= self.job.duration_s:
                self.finish()
            else:
                self._update_progress()
        self._update_temperatures(printer_seconds, noise=periodic)
        if periodic:
            self.put("wifi_signal", f"-{self._random.randint(40, 60)}dBm")
            self._dirty.add("wifi_signal")

    def finish(self) -> None:
        """End the job now, successfully: FINISH, 100 %, last layer."""
        job = self.job
        self.job = None
        if job is not None:
            self.put("layer_num", job.layers)
        self.put("mc_percent", 100)
        self.put("mc_remaining_time", 0)
        self.put("gcode_file_prepare_percent", "100")
        self.put("stg_cur", self.model.idle_stage)
        self.put("mc_print_stage", "1")
        self.put("gcode_state", "FINISH")
        self._set_targets(active=False)

    def fail(self, code: int = DEFAULT_FAIL_ERROR) -> None:
        """End the job now with ``print_error`` = code and ``gcode_state`` FAILED."""
        self.job = None
        self.put("print_error", code)
        self.put("stg_cur", self.model.idle_stage)
        self.put("gcode_state", "FAILED")
        self._set_targets(active=False)

    # Commands (raise CommandRejectedError when the state forbids them)

    def pause(self) -> None:
        """Pause a preparing or running job (``stg_cur`` 16, paused by the user)."""
        if self.gcode_state not in ("PREPARE", "RUNNING") or self.job is None:
            raise CommandRejectedError(f"cannot pause in {self.gcode_state}")
        self.put("stg_cur", PAUSED_BY_USER_STAGE)
        self.put("gcode_state", "PAUSE")

    def resume(self) -> None:
        """Resume a paused job where it left off."""
        if self.gcode_state != "PAUSE" or self.job is None:
            raise CommandRejectedError(f"cannot resume in {self.gcode_state}")
        running = self.job.elapsed_s >= self.job.prepare_s
        self.put("gcode_state", "RUNNING" if running else "PREPARE")
        self._update_progress()

    def stop(self) -> None:
        """Cancel the job: first step, ``print_error`` 50348044 (then ``stopped()``)."""
        if self.gcode_state not in ACTIVE_STATES or self.job is None:
            raise CommandRejectedError(f"cannot stop in {self.gcode_state}")
        self.job = None
        self.put("print_error", STOP_PRINT_ERROR)

    def stopped(self) -> None:
        """Cancel the job: second step, FAILED now and IDLE at the next periodic report."""
        self.put("gcode_state", "FAILED")
        self.put("stg_cur", self.model.idle_stage)
        self._set_targets(active=False)
        self._idle_pending = True

    def set_speed(self, param: str) -> None:
        """Set the speed profile from a ``print_speed`` param "1".."4"."""
        try:
            level = int(param)
            magnitude = SPEED_MAGNITUDES[level]
        except (ValueError, KeyError):
            raise CommandRejectedError(f"invalid speed level {param!r}") from None
        self.put("spd_lvl", level)
        self.put("spd_mag", magnitude)

    def set_light(self, node: str, mode: str) -> None:
        """Switch a light (``lights_report`` entry ``node``) to mode on / off / flashing."""
        if mode not in ("on", "off", "flashing"):
            raise CommandRejectedError(f"invalid light mode {mode!r}")
        lights = copy.deepcopy(self.body.get("lights_report") or [])
        for light in lights:
            if light.get("node") == node:
                light["mode"] = mode
                break
        else:
            lights.append({"node": node, "mode": mode})
        self.put("lights_report", lights)

    # Authorization control and health

    def set_authorization_control(self, enabled: bool) -> None:
        """Switch authorization-control firmware behaviour on or off (and the ``fun`` bit)."""
        self._apply_fun(enabled)

    def reject_unsigned(self) -> None:
        """Report the HMS entry firmware raises when it refuses an unsigned command."""
        self.add_hms(AUTHORIZATION_HMS["attr"], AUTHORIZATION_HMS["code"])

    def add_hms(self, attr: int, code: int) -> None:
        """Add an HMS entry ``{attr, code}`` (e.g. 0x0C000300, 0x00030007)."""
        entries = [dict(entry) for entry in self.body.get("hms") or []]
        if {"attr": attr, "code": code} not in entries:
            entries.append({"attr": attr, "code": code})
        self.put("hms", entries)

    def clear_hms(self) -> None:
        """Clear every HMS entry (``hms: []``)."""
        self.put("hms", [])

    # Internals

    def _apply_fun(self, enabled: bool) -> None:
        """Set or clear the signing-required bit of ``fun`` (added only when needed)."""
        self.authorization_control = enabled
        if "fun" not in self.body and not enabled:
            return
        value = int(str(self.body.get("fun", "0")), 16)
        value = value | SIGNING_FUN_BIT if enabled else value & ~SIGNING_FUN_BIT
        self.put("fun", f"{value:X}")

    def _update_progress(self) -> None:
        """Derive stage, percent, layer and remaining minutes from the job's elapsed time."""
        job = self.job
        if job is None:
            return
        remaining_min = math.ceil(max(job.duration_s - job.elapsed_s, 0) / 60)
        self.put("mc_remaining_time", remaining_min)
        self._set_targets(active=True)
        if job.elapsed_s < job.prepare_s:
            fraction = job.elapsed_s / job.prepare_s
            self.put("mc_print_stage", "1")
            self.put("stg_cur", PREPARE_STAGES[min(int(fraction * 3), 2)])
            self.put("gcode_file_prepare_percent", str(int(fraction * 100)))
            self.put("mc_percent", 0)
            self.put("layer_num", 0)
            return
        fraction = (job.elapsed_s - job.prepare_s) / (job.duration_s - job.prepare_s)
        if self.gcode_state == "PREPARE":
            self.put("gcode_state", "RUNNING")
        self.put("mc_print_stage", "2")
        self.put("stg_cur", 0)
        self.put("gcode_file_prepare_percent", "100")
        self.put("mc_percent", min(int(fraction * 100), 99))
        self.put("layer_num", min(max(1, math.ceil(fraction * job.layers)), job.layers))

    def _set_targets(self, *, active: bool) -> None:
        """Set the nozzle and bed target temperatures for a job, or zero them."""
        self.put("nozzle_target_temper", NOZZLE_TARGET_C if active else 0.0)
        self.put("bed_target_temper", BED_TARGET_C if active else 0.0)
        self.put("cooling_fan_speed", "10" if active else "0")
        self.put("heatbreak_fan_speed", "15" if active else "0")

    def _update_temperatures(self, printer_seconds: float, *, noise: bool) -> None:
        """Move temperatures towards their targets (first order), with optional sensor noise."""
        alpha = 1 - math.exp(-max(printer_seconds, 0.0) / HEATING_TAU_S)
        for key, target_key in (
            ("nozzle_temper", "nozzle_target_temper"),
            ("bed_temper", "bed_target_temper"),
        ):
            target = float(self.body.get(target_key) or 0) or AMBIENT_C
            current = float(self.body.get(key) or AMBIENT_C)
            value = current + (target - current) * alpha
            if noise:
                value += self._random.choice((-1, 0, 1)) / 32
            self.put(key, _quantize(value))
        if self.model.chamber_sensor:
            target = CHAMBER_PRINTING_C if self.job is not None else AMBIENT_C
            current = float(self.body.get("chamber_temper") or AMBIENT_C)
            self.put("chamber_temper", _quantize(current + (target - current) * alpha / 4))
        self._update_packed_temperatures()

    def _update_packed_temperatures(self) -> None:
        """Mirror temperatures into newer firmware's packed ``device`` fields (target<<16|cur)."""
        device = self.body.get("device")
        if not isinstance(device, dict):
            return
        updated = copy.deepcopy(device)

        def packed(current_key: str, target_key: str | None) -> int:
            target = int(float(self.body.get(target_key) or 0)) if target_key else 0
            return (target << 16) | round(float(self.body.get(current_key) or 0))

        if isinstance(updated.get("bed"), dict) and isinstance(updated["bed"].get("info"), dict):
            updated["bed"]["info"]["temp"] = packed("bed_temper", "bed_target_temper")
        if isinstance(updated.get("ctc"), dict) and isinstance(updated["ctc"].get("info"), dict):
            updated["ctc"]["info"]["temp"] = packed("chamber_temper", None)
        extruder = updated.get("extruder")
        if isinstance(extruder, dict) and isinstance(extruder.get("info"), list):
            for entry in extruder["info"]:
                if isinstance(entry, dict) and entry.get("id") == 0:
                    entry["temp"] = packed("nozzle_temper", "nozzle_target_temper")
        nozzle = updated.get("nozzle")
        if isinstance(nozzle, dict) and isinstance(nozzle.get("0"), dict):
            nozzle["0"]["temp"] = packed("nozzle_temper", "nozzle_target_temper")
        self.put("device", updated)
