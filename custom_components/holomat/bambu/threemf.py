"""Read a sliced 3MF (``.3mf`` / ``.gcode.3mf``) and find the current job's file on a printer.

A sliced 3MF is a zip (3MF core specification) that Bambu Studio and OrcaSlicer fill with, per
plate N: ``Metadata/plate_N.gcode`` (what the printer runs), ``Metadata/plate_N.png`` (the plate
thumbnail, the "cover image"), and one ``Metadata/slice_info.config``, an XML file with one
``<plate>`` per sliced plate::

    <plate>
      <metadata key="index" value="1"/>
      <metadata key="prediction" value="5935"/>      <!-- seconds -->
      <metadata key="weight" value="20.91"/>         <!-- grams -->
      <filament id="1" type="PLA" color="#000000" used_m="5.45" used_g="17.32"/>
    </plate>

(layout as ha-bambulab ``pybambu/models.py`` reads it, with its captured examples). The task
name is the ``Title`` metadata of ``3D/3dmodel.model``. Every read is bounded, whatever the zip
directory claims, so a zip bomb or a hostile file costs at most a few MiB; anything unreadable
raises ``BambuInvalidFileError`` and nothing else.

Which file on the printer is the current job (ha-bambulab ``_attempt_ftp_download``, from
printers' reports): ``{subtask_name}.3mf`` or ``{subtask_name}.gcode.3mf`` (then the same with
``gcode_file``'s name), in ``/cache/`` (Bambu Studio, cloud prints) or ``/`` (OrcaSlicer, LAN
prints); ``gcode_file`` names ``/data/Metadata/plate_N.gcode`` on X1 cloud prints (a RAM disk,
not on the storage), which tells the plate. Only when the report names no job at all is the
newest ``.3mf`` taken: a wrong job's picture is worse than none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
import html
import io
import lzma
import math
import posixpath
import re
import struct
from typing import Final
import xml.etree.ElementTree as ET
import zipfile
import zlib

from .errors import BambuInvalidFileError
from .remote_files import RemoteFile

MAX_MEMBERS: Final = 10_000
MAX_THUMBNAIL_BYTES: Final = 8 * 1024 * 1024
MAX_CONFIG_BYTES: Final = 4 * 1024 * 1024
MAX_MODEL_HEAD_BYTES: Final = 1024 * 1024
JOB_FOLDERS: Final = ("/cache", "/")
SLICE_INFO: Final = "Metadata/slice_info.config"
MODEL: Final = "3D/3dmodel.model"
_PLATE_MEMBER: Final = re.compile(r"^Metadata/plate_(\d{1,4})\.(gcode|png)$")
_GCODE_PLATE: Final = re.compile(r"(?:^|/)plate_(\d{1,4})\.gcode$", re.IGNORECASE)
_TITLE: Final = re.compile(rb'<metadata\s+name="Title"\s*>([^<]{0,1000})</metadata>')
_ZIP_ERRORS: Final = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    NotImplementedError,  # a compression method zipfile lacks
    RuntimeError,  # an encrypted member
    OSError,
    ValueError,
    struct.error,
)


@dataclass(frozen=True, slots=True)
class Filament:
    """A filament a plate uses: ``type`` ("PLA"), ``color`` ("#RRGGBB"), ``used_grams``."""

    type: str | None
    color: str | None
    used_grams: float | None


@dataclass(frozen=True, slots=True)
class Plate:
    """One plate: its 1-based ``index``, whether it has G-code and a thumbnail, and its facts.

    ``prediction_s``: the slicer's time estimate in seconds; ``weight_g``: filament in grams.
    """

    index: int
    has_gcode: bool
    has_thumbnail: bool
    prediction_s: int | None = None
    weight_g: float | None = None
    filaments: tuple[Filament, ...] = ()


@dataclass(frozen=True, slots=True)
class ProjectFile:
    """What a sliced 3MF holds: the task name and its plates, by index."""

    task_name: str | None
    plates: tuple[Plate, ...]

    def plate(self, index: int) -> Plate | None:
        """Return the plate with this 1-based index, if the file has it."""
        return next((plate for plate in self.plates if plate.index == index), None)

    @property
    def sliced(self) -> bool:
        """Return whether at least one plate has G-code (the printer can run it)."""
        return any(plate.has_gcode for plate in self.plates)


def _open_zip(data: bytes) -> zipfile.ZipFile:
    """Open ``data`` as a zip with a sane member count; raise ``BambuInvalidFileError``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as err:
        raise BambuInvalidFileError(f"not a 3MF file (zip): {err}") from err
    if len(archive.infolist()) > MAX_MEMBERS:
        raise BambuInvalidFileError(f"a 3MF with more than {MAX_MEMBERS} parts")
    return archive


def _read(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """Return member ``name`` (None when absent), reading at most ``limit`` bytes of it."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    try:
        with archive.open(info) as member:
            content = member.read(limit + 1)
    except _ZIP_ERRORS as err:
        raise BambuInvalidFileError(f"{name} cannot be read: {err}") from err
    if len(content) > limit:
        raise BambuInvalidFileError(f"{name} is larger than {limit} bytes")
    return content


def _number[T: (int, float)](kind: type[T], text: str | None) -> T | None:
    """Return ``text`` as ``kind`` (an int read through float), None when it is no number."""
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    if value is None or not math.isfinite(value):
        return None
    return kind(value)


def _slice_info(
    archive: zipfile.ZipFile,
) -> dict[int, tuple[int | None, float | None, tuple[Filament, ...]]]:
    """Return ``{plate index: (prediction s, weight g, filaments)}`` from slice_info.config."""
    content = _read(archive, SLICE_INFO, MAX_CONFIG_BYTES)
    if content is None:
        return {}
    try:
        root = ET.fromstring(content)  # noqa: S314 - bounded; expat refuses entity expansion bombs
    except ET.ParseError as err:
        raise BambuInvalidFileError(f"{SLICE_INFO} is not XML: {err}") from err
    facts: dict[int, tuple[int | None, float | None, tuple[Filament, ...]]] = {}
    for plate in root.iter("plate"):
        metadata = {item.get("key"): item.get("value") for item in plate.iter("metadata")}
        index = _number(int, metadata.get("index"))
        if index is None:
            continue
        filaments = tuple(
            Filament(
                type=item.get("type") or None,
                color=item.get("color") or None,
                used_grams=_number(float, item.get("used_g")),
            )
            for item in plate.iter("filament")
        )
        facts[index] = (
            _number(int, metadata.get("prediction")),
            _number(float, metadata.get("weight")),
            filaments,
        )
    return facts


def read_project(data: bytes) -> ProjectFile:
    """Read the task name and plates of a sliced 3MF given as bytes.

    Plates are those with G-code, a thumbnail or a ``slice_info.config`` entry, sorted by index.
    Raises ``BambuInvalidFileError`` when ``data`` is no readable 3MF. It decompresses: run it
    in the executor.
    """
    with _open_zip(data) as archive:
        gcode: set[int] = set()
        thumbnails: set[int] = set()
        for name in archive.namelist():
            if match := _PLATE_MEMBER.match(name):
                (gcode if match[2] == "gcode" else thumbnails).add(int(match[1]))
        facts = _slice_info(archive)
        head = _read_head(archive, MODEL, MAX_MODEL_HEAD_BYTES)
    title = _TITLE.search(head) if head else None
    task_name = html.unescape(title[1].decode("utf-8", errors="replace")).strip() if title else ""
    plates = tuple(
        Plate(index, index in gcode, index in thumbnails, *facts.get(index, (None, None, ())))
        for index in sorted(gcode | thumbnails | facts.keys())
    )
    return ProjectFile(task_name or None, plates)


def _read_head(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """Return at most the first ``limit`` bytes of member ``name`` (None when absent)."""
    try:
        info = archive.getinfo(name)
        with archive.open(info) as member:
            return member.read(limit)
    except KeyError:
        return None
    except _ZIP_ERRORS as err:
        raise BambuInvalidFileError(f"{name} cannot be read: {err}") from err


def read_thumbnail(data: bytes, plate: int = 1) -> bytes | None:
    """Return plate ``plate``'s thumbnail (``Metadata/plate_N.png``, PNG bytes), None if absent.

    Raises ``BambuInvalidFileError`` when ``data`` is no readable 3MF, the thumbnail is larger
    than ``MAX_THUMBNAIL_BYTES`` or is no PNG. It decompresses: run it in the executor.
    """
    with _open_zip(data) as archive:
        content = _read(archive, f"Metadata/plate_{plate}.png", MAX_THUMBNAIL_BYTES)
    if content is not None and not content.startswith(b"\x89PNG\r\n\x1a\n"):
        raise BambuInvalidFileError(f"the thumbnail of plate {plate} is no PNG")
    return content


def plate_of_gcode_file(gcode_file: str) -> int | None:
    """Return the plate a report's ``gcode_file`` names (``/data/Metadata/plate_3.gcode``: 3)."""
    match = _GCODE_PLATE.search(gcode_file.strip())
    return int(match[1]) if match else None


def job_file_names(subtask_name: str, gcode_file: str) -> tuple[str, ...]:
    """Return the file names the current job may have on the storage, most likely first.

    From ``subtask_name`` then ``gcode_file`` (a report's fields): a name ending in ``.3mf`` as
    is, another one with ``.3mf`` and ``.gcode.3mf`` added. A ``plate_N.gcode`` path names no
    file on the storage and gives nothing.
    """
    names: list[str] = []
    for field in (subtask_name, gcode_file):
        base = posixpath.basename(field.strip())
        if not base or plate_of_gcode_file(base) is not None:
            continue
        if base.lower().endswith(".3mf"):
            names.append(base)
        else:
            names += [f"{base}.3mf", f"{base}.gcode.3mf"]
    return tuple(dict.fromkeys(names))


def find_job_file(
    listings: Mapping[str, Iterable[RemoteFile]], subtask_name: str, gcode_file: str
) -> RemoteFile | None:
    """Return the current job's file among ``listings`` (``{folder: entries}``), if any.

    Folders are searched in ``JOB_FOLDERS`` order for each name of ``job_file_names``, exactly
    then ignoring case (SD cards are FAT). With no name at all, the newest ``.3mf`` is taken;
    with names that match nothing, None.
    """
    files = {
        folder: [entry for entry in listings.get(folder, ()) if not entry.is_dir]
        for folder in JOB_FOLDERS
    }
    names = job_file_names(subtask_name, gcode_file)
    for fold in (str, str.casefold):
        for name in names:
            for folder in JOB_FOLDERS:
                for entry in files[folder]:
                    if fold(entry.name) == fold(name):
                        return entry
    if names:
        return None
    candidates = [
        entry
        for entries in files.values()
        for entry in entries
        if entry.name.lower().endswith(".3mf") and entry.modified is not None
    ]
    return max(candidates, key=lambda entry: (entry.modified, entry.path), default=None)
