"""Files on a printer's storage, as its FTP server lists them.

Printers answer ``LIST`` in the Unix ``ls -l`` shape vsftpd uses, for example (ha-bambulab
``pybambu/models.py`` ``_find_latest_file``, lines captured from printers)::

    -rw-r--r--    1 1000     1000      1632221 Jun 17  2025 video_2025-06-17_12-12-18.mp4
    -rw-r--r--    1 1000     1000      1640240 Jun 18 00:27 video_2025-06-17_14-48-33.mp4

A date within the last six months carries a time and no year; an older one a year and no time.
The printer's clock is in an unknown time zone (UTC, UTC+8 or local, by firmware), so times
are kept naive and compared only with one another.
"""

from __future__ import annotations

from collections.abc import Iterable
import contextlib
from dataclasses import dataclass
import datetime as dt
import posixpath
import re
from typing import Final

_LINE: Final = re.compile(
    r"^(?P<kind>[-dlbcps])[-rwxsStT]{9}\S*\s+\d+\s+\S+\s+\S+\s+(?P<size>\d+)\s+"
    r"(?P<month>[A-Za-z]{3})\s+(?P<day>\d{1,2})\s+(?:(?P<hour>\d{1,2}):(?P<minute>\d{2})|"
    r"(?P<year>\d{4}))\s(?P<name>.+)$"
)
_MONTHS: Final = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_HALF_YEAR: Final = dt.timedelta(days=183)


@dataclass(frozen=True, slots=True)
class RemoteFile:
    """One entry of a printer's folder.

    ``path`` is absolute (``/cache/Benchy.gcode.3mf``); ``size`` in bytes; ``modified`` the
    printer's naive local time at minute precision (day precision for entries older than six
    months), None when unreadable.
    """

    path: str
    size: int
    modified: dt.datetime | None
    is_dir: bool = False

    @property
    def name(self) -> str:
        """Return the last part of the path (``Benchy.gcode.3mf``)."""
        return posixpath.basename(self.path)


def remote_path(folder: str, name: str) -> str:
    """Return the absolute path of ``name`` in ``folder`` (``/cache/a.3mf``)."""
    return posixpath.join("/", folder.strip("/"), name) if folder.strip("/") else f"/{name}"


def _modified(match: re.Match[str], now: dt.datetime) -> dt.datetime | None:
    """Return the entry's time; a year-less date is put within six months before ``now``."""
    month = _MONTHS.get(match["month"].lower())
    if month is None:
        return None
    day = int(match["day"])
    try:
        if match["year"] is not None:
            return dt.datetime(int(match["year"]), month, day)  # noqa: DTZ001 - printer time
        when = dt.datetime(now.year, month, day, int(match["hour"]), int(match["minute"]))  # noqa: DTZ001
    except ValueError:  # 31 Feb, 25:61...
        return None
    if when - now > _HALF_YEAR:
        with contextlib.suppress(ValueError):  # 29 February of a common year: kept
            when = when.replace(year=now.year - 1)
    return when


def parse_list_line(line: str, folder: str, now: dt.datetime) -> RemoteFile | None:
    """Parse one ``LIST`` line of ``folder``; None for lines that are no entry (``total 12``).

    ``now`` is the printer-local time that year-less dates are placed before. ``.`` and ``..``
    are skipped; a symbolic link is listed under its own name (``name -> target`` cut).
    """
    match = _LINE.match(line.rstrip("\r\n"))
    if match is None:
        return None
    name = match["name"]
    if match["kind"] == "l":
        name = name.split(" -> ", 1)[0]
    if name in {".", ".."} or "/" in name or not name:
        return None
    return RemoteFile(
        path=remote_path(folder, name),
        size=int(match["size"]),
        modified=_modified(match, now),
        is_dir=match["kind"] == "d",
    )


def parse_listing(lines: Iterable[str], folder: str, now: dt.datetime) -> list[RemoteFile]:
    """Parse a whole ``LIST`` answer of ``folder`` (see ``parse_list_line``)."""
    return [entry for line in lines if (entry := parse_list_line(line, folder, now)) is not None]
