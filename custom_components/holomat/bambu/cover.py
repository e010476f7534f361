"""The current job's cover image: its plate's thumbnail, read from the job's 3MF on the printer.

Which file is the job's and which plate it prints come from the report's ``subtask_name`` and
``gcode_file`` (``threemf`` module docstring, after ha-bambulab ``pybambu/models.py``). A
``gcode_file`` naming ``plate_N.gcode`` tells the plate; otherwise the file's first sliced plate
with a thumbnail is the one printed (a sliced file holds the G-code of the plate sent).
"""

from __future__ import annotations

import asyncio

from .errors import BambuFileNotFoundError
from .ftps import BambuFtpClient
from .remote_files import RemoteFile
from .threemf import JOB_FOLDERS, find_job_file, plate_of_gcode_file, read_project, read_thumbnail


async def async_job_cover(ftp: BambuFtpClient, subtask_name: str, gcode_file: str) -> bytes | None:
    """Return the PNG thumbnail of the current job's plate, read over ``ftp`` (connected).

    None when the storage holds no file of the job, or the file has no thumbnail of that plate.
    Raises what ``BambuFtpClient`` raises (``BambuConnectionError``, ``BambuAuthError``,
    ``BambuStorageError``...) and ``BambuInvalidFileError`` for a file that is no readable 3MF.
    """
    listings: dict[str, list[RemoteFile]] = {}
    for folder in JOB_FOLDERS:
        try:
            listings[folder] = await ftp.async_list(folder)
        except BambuFileNotFoundError:
            listings[folder] = []
    job = find_job_file(listings, subtask_name, gcode_file)
    if job is None:
        return None
    data = await ftp.async_download(job.path)
    return await asyncio.get_running_loop().run_in_executor(None, read_cover, data, gcode_file)


def read_cover(data: bytes, gcode_file: str) -> bytes | None:
    """Return the thumbnail (PNG) of the plate a job prints from its 3MF ``data``, if any.

    The plate is the one ``gcode_file`` names, else the first sliced plate with a thumbnail.
    Raises ``BambuInvalidFileError``. Blocking: run it in the executor.
    """
    plate = plate_of_gcode_file(gcode_file)
    if plate is None:
        plates = read_project(data).plates
        plate = next(
            (each.index for each in plates if each.has_gcode and each.has_thumbnail),
            next((each.index for each in plates if each.has_thumbnail), 1),
        )
    return read_thumbnail(data, plate)
