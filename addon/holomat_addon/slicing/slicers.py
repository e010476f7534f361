"""The slicers' command lines: PrusaSlicer (Debian's ``prusa-slicer``) and OrcaSlicer.

A ``Slicer`` turns a placed STL and ``SliceSettings`` into G-code text in a work folder. The
PrusaSlicer backend is the one tested here (2.5.0 from Debian bookworm); the OrcaSlicer backend
follows the CLI flags AFKFelix/orca-slicer-api passes (``--slice``, ``--load-settings``,
``--load-filaments``, ``--outputdir``) and was never run against a real binary: no OrcaSlicer
build installs on Debian. ``find_slicer`` prefers PrusaSlicer for that reason.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final, Protocol

from .errors import SlicerMissingError, SlicerRefusedError, SlicerTimeoutError
from .orca import orca_files
from .settings import SliceSettings

# Environment variable naming the slicer to use: "prusa-slicer", "orca-slicer" or a path.
SLICER_ENV: Final = "HOLOMAT_SLICER"
PRUSA_NAMES: Final = ("prusa-slicer", "PrusaSlicer")
ORCA_NAMES: Final = ("orca-slicer", "OrcaSlicer")
_NOISE: Final = re.compile(r"\[(trace|debug|info)\]|^\s*\d+ => ")
_LOG_PREFIX: Final = re.compile(r"^\[[^\]]*\] \[[^\]]*\] \[\w+\]\s*")
_VERSION: Final = re.compile(r"(?:PrusaSlicer|OrcaSlicer)[- ]v?(\d+(?:\.\d+)+)")


class Slicer(Protocol):
    """A slicer's command line."""

    @property
    def label(self) -> str:
        """Return the slicer's name and version, e.g. ``PrusaSlicer 2.5.0``."""

    def slice(self, stl: Path, settings: SliceSettings, workdir: Path, timeout: float) -> str:
        """Return the G-code for the placed ``stl`` (mm, plate coordinates).

        Files go to ``workdir``. Raises ``SlicerRefusedError`` and ``SlicerTimeoutError``.
        """


def _run(command: list[str], timeout: float, name: str) -> str:
    """Run ``command``; return its output, or raise when it fails or runs past ``timeout`` s."""

    try:
        done = subprocess.run(  # noqa: S603 - the command is built from our own paths
            command,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            check=False,
            env={**os.environ, "LC_ALL": "C"},
        )
    except subprocess.TimeoutExpired as err:
        raise SlicerTimeoutError(
            f"{name} did not finish within {timeout:g} s and was stopped. Simplify the model "
            "(fewer triangles) or allow more time."
        ) from err
    output = done.stdout + done.stderr
    if done.returncode != 0:
        said = slicer_message(output)
        raise SlicerRefusedError(
            f"{name} refused to slice the model: {said or f'exit status {done.returncode}'}",
            slicer_message=said,
        )
    return output


def slicer_message(output: str) -> str:
    """Return a slicer's output without its trace, progress and log-prefix noise."""

    lines = (line for line in output.splitlines() if not _NOISE.search(line))
    kept = (_LOG_PREFIX.sub("", line).strip() for line in lines)
    return " ".join(line for line in kept if line)[:1000]


def _read_gcode(path: Path, name: str, output: str) -> str:
    """Return the G-code a slicer wrote to ``path``; refuse when it wrote none."""

    if not path.is_file() or path.stat().st_size == 0:
        said = slicer_message(output)
        raise SlicerRefusedError(
            f"{name} wrote no G-code: {said or 'no reason given'}", slicer_message=said
        )
    return path.read_text(encoding="utf-8", errors="replace")


@cache
def _version(executable: Path, name: str) -> str:
    """Return ``name`` and the version the executable's ``--help`` banner shows."""

    try:
        banner = subprocess.run(  # noqa: S603 - our own path
            [str(executable), "--help"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return name
    found = _VERSION.search(banner.stdout + banner.stderr)
    return f"{name} {found.group(1)}" if found else name


def write_ini(values: dict[str, str], path: Path) -> None:
    r"""Write settings as a PrusaSlicer INI file; newlines in values become ``\n``."""

    lines = (f"{key} = {value}".replace("\n", "\\n") for key, value in sorted(values.items()))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@dataclass(frozen=True, slots=True)
class PrusaSlicer:
    """PrusaSlicer's command line (``prusa-slicer --export-gcode --load config.ini``)."""

    executable: Path

    @property
    def label(self) -> str:
        """Return ``PrusaSlicer`` and the version its banner shows."""

        return _version(self.executable, "PrusaSlicer")

    def slice(self, stl: Path, settings: SliceSettings, workdir: Path, timeout: float) -> str:
        """Return the G-code for the placed ``stl``; see ``Slicer.slice``.

        ``--dont-arrange`` keeps HoloMat's placement; ``--datadir`` keeps PrusaSlicer away from
        the user's own profiles.
        """

        config = workdir / "config.ini"
        write_ini(settings.values, config)
        gcode = workdir / "plate_1.gcode"
        command = [
            str(self.executable),
            "--export-gcode",
            "--load",
            str(config),
            "--datadir",
            str(workdir / "datadir"),
            "--dont-arrange",
            "--loglevel",
            "1",
            "--output",
            str(gcode),
            str(stl),
        ]
        output = _run(command, timeout, self.label)
        return _read_gcode(gcode, self.label, output)


@dataclass(frozen=True, slots=True)
class OrcaSlicer:
    """OrcaSlicer's command line; untested here (see the module's docstring)."""

    executable: Path

    @property
    def label(self) -> str:
        """Return ``OrcaSlicer`` and the version its banner shows."""

        return _version(self.executable, "OrcaSlicer")

    def command(self, stl: Path, workdir: Path) -> list[str]:
        """Return the command line slicing plate 1 of ``stl`` into ``workdir``."""

        return [
            str(self.executable),
            "--slice",
            "1",
            "--load-settings",
            f"{workdir / 'machine.json'};{workdir / 'process.json'}",
            "--load-filaments",
            str(workdir / "filament.json"),
            "--outputdir",
            str(workdir),
            str(stl),
        ]

    def slice(self, stl: Path, settings: SliceSettings, workdir: Path, timeout: float) -> str:
        """Return the G-code for the placed ``stl``; see ``Slicer.slice``."""

        for name, text in orca_files(settings).items():
            (workdir / name).write_text(text, encoding="utf-8")
        output = _run(self.command(stl, workdir), timeout, self.label)
        return _read_gcode(workdir / "plate_1.gcode", self.label, output)


def _which(names: tuple[str, ...]) -> Path | None:
    """Return the first of ``names`` found on ``PATH``."""

    for name in names:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def find_slicer(choice: str | None = None) -> Slicer:
    """Return the slicer to use: ``choice``, else ``$HOLOMAT_SLICER``, else what is installed.

    ``choice`` is ``prusa-slicer``, ``orca-slicer`` or a path to either. Without one,
    PrusaSlicer is preferred (the tested backend), then OrcaSlicer. Raises
    ``SlicerMissingError`` when none is found.
    """

    wanted = choice or os.environ.get(SLICER_ENV) or ""
    if wanted:
        path = Path(wanted) if os.sep in wanted else _which((wanted,))
        if path is None or not path.is_file():
            raise SlicerMissingError(
                f"The slicer {wanted!r} is not installed; install PrusaSlicer (Debian package "
                "prusa-slicer) or OrcaSlicer, or unset HOLOMAT_SLICER."
            )
        orca = "orca" in path.name.lower()
        return OrcaSlicer(path) if orca else PrusaSlicer(path)
    prusa = _which(PRUSA_NAMES)
    if prusa is not None:
        return PrusaSlicer(prusa)
    orca_path = _which(ORCA_NAMES)
    if orca_path is not None:
        return OrcaSlicer(orca_path)
    raise SlicerMissingError(
        "No slicer is installed: install PrusaSlicer (Debian package prusa-slicer, already in "
        "the add-on's image) or OrcaSlicer to turn models into printable files."
    )
