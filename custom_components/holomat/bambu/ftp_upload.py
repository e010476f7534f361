"""The blocking upload of a whole file, and FTP replies as library errors (see ``ftps``)."""

from __future__ import annotations

from collections.abc import Callable
import ftplib
import socket
from typing import Final

from .errors import (
    BambuConnectionError,
    BambuError,
    BambuFileNotFoundError,
    BambuNoStorageError,
    BambuStorageError,
    BambuStorageFullError,
    BambuTransferInterruptedError,
)
from .ftp_session import FtpSession, UploadCancelledError

FULL_CODES: Final = frozenset({451, 452, 552})


def reply_code(err: ftplib.Error) -> int | None:
    """Return the three-digit code an ftplib error carries, if any."""
    text = str(err)[:3]
    return int(text) if text.isdigit() else None


def reply_error(
    err: ftplib.Error, host: str, path: str, *, listing: bool = False, creating: bool = False
) -> BambuError:
    """Return the library error for a refusal of an operation on ``path``.

    A ``4xx`` reply other than "no room" gives ``BambuConnectionError``: the session is then in
    an unknown state and must be dropped.
    """
    code = reply_code(err)
    if code == 550 and listing and path.strip("/") == "":
        return BambuNoStorageError(f"{host} has no storage to list: {err}", code)
    if code == 550 and not creating:
        return BambuFileNotFoundError(f"{path} is not on {host}: {err}", code)
    if code in (550, 553):
        return BambuNoStorageError(f"{host} cannot create {path}: {err}", code)
    if code in FULL_CODES:
        return BambuStorageFullError(f"no room on {host} for {path}: {err}", code)
    if code is not None and code >= 500:
        return BambuStorageError(f"{host} refused {path}: {err}", code)
    return BambuConnectionError(f"{host} failed on {path}: {err}")


def store_whole(
    session: FtpSession,
    path: str,
    total: int,
    send: Callable[[socket.socket], None],
    reopen: Callable[[], FtpSession],
) -> None:
    """Upload (blocking): open ``STOR``, ``send`` the data, check the size.

    A refusal before the first byte raises ``ftplib.Error`` (nothing to delete); any later
    failure deletes the partial file (over ``reopen()``'s new session when ``session`` is gone)
    and raises ``BambuStorageFullError`` or ``BambuTransferInterruptedError``, or
    ``UploadCancelledError`` when cancelled.
    """
    host = session.host
    conn = session.begin_store(path)
    try:
        send(conn)
        size = session.file_size(path)
    except UploadCancelledError:
        _remove_partial(session, path, reopen)
        raise
    except ftplib.Error as err:
        code = reply_code(err)
        if code == 426 and _holds(session, path, total):
            return  # some firmware's answer to a whole upload
        removed = _remove_partial(session, path, reopen)
        if code in FULL_CODES:
            raise BambuStorageFullError(f"no room on {host} for {path}: {err}", code) from err
        raise BambuTransferInterruptedError(
            f"upload of {path} to {host} failed: {err}", path, removed=removed
        ) from err
    except (OSError, EOFError) as err:
        code = session.reply_after_cut()
        removed = _remove_partial(session, path, reopen)
        if code in FULL_CODES:
            raise BambuStorageFullError(f"no room on {host} for {path}", code) from err
        raise BambuTransferInterruptedError(
            f"lost {host} while uploading {path}: {err}", path, removed=removed
        ) from err
    if size != total:
        removed = _remove_partial(session, path, reopen)
        raise BambuTransferInterruptedError(
            f"{path} reached {host} with {size} of {total} bytes", path, removed=removed
        )


def _holds(session: FtpSession, path: str, total: int) -> bool:
    """Return whether the printer holds ``total`` bytes at ``path`` (False when unknown)."""
    try:
        return session.file_size(path) == total
    except (ftplib.Error, OSError, EOFError):
        return False


def _remove_partial(session: FtpSession, path: str, reopen: Callable[[], FtpSession]) -> bool:
    """Delete ``path``, over a new session when ``session`` is gone; return success.

    The new session, if any, is closed again: the caller drops ``session``.
    """
    for attempt in range(2):
        fresh: FtpSession | None = None
        try:
            if attempt:
                fresh = reopen()
            (fresh or session).delete(path)
        except ftplib.error_perm as err:
            return reply_code(err) == 550  # 550: already gone
        except (ftplib.Error, OSError, EOFError, ValueError):
            continue
        else:
            return True
        finally:
            if fresh is not None:
                fresh.close_quietly()
    return False
