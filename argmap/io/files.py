"""Files on disk: bounded reads of regular files only, atomic writes, and the lock on a debate folder."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import ArgmapError, ConflictError, ReadError, TooLargeError, UsageError

TEMP_PREFIX = ".argmap-"
TEMP_SUFFIX = ".tmp"
LOCK_NAME = ".argmap.lock"
DEFAULT_LOCK_TIMEOUT = 10.0


def _mib(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MiB"


def read_regular(path: Path | str, limit: int | None = None, what: str = "file") -> bytes:
    """The bytes of a regular file; a FIFO, device or folder is refused at once instead of blocking."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReadError(f"{path}: no such {what}") from None
    except OSError as exc:
        raise ReadError(f"{path}: cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(f"{path}: is a folder, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(f"{path}: is not a regular file (a pipe, socket or device); give a {what}")
    if limit is not None and info.st_size > limit:
        raise TooLargeError(f"{path}: is {info.st_size / 1e6:.1f} MB; a {what} is limited to {_mib(limit)}")
    try:
        # O_NONBLOCK: should the file be swapped for a FIFO after the stat, the open still does not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read() if limit is None else handle.read(limit + 1)
    except OSError as exc:
        raise ReadError(f"{path}: cannot be read ({exc.strerror})") from None
    if limit is not None and len(data) > limit:
        raise TooLargeError(f"{path}: is larger than {_mib(limit)}, the limit for a {what}")
    return data


def read_text(path: Path | str, limit: int | None = None, what: str = "file") -> str:
    """The UTF-8 text of a regular file (a byte-order mark dropped), refused as read_regular refuses."""
    raw = read_regular(path, limit, what)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"{path}: is not UTF-8 text (byte {exc.start})") from None


def real_target(path: Path) -> Path:
    """Where a write to `path` must land: through a symlink to the file it names."""
    return path.resolve() if path.is_symlink() else path


def stage(path: Path | str, data: str | bytes) -> Path:
    """Write `data` to a temporary file beside `path` (same folder, so the rename is atomic); returns it."""
    path = real_target(Path(path))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(tmp, mode)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_atomic(path: Path | str, data: str | bytes) -> None:
    """Replace `path` with `data` so that readers see the old file or the new one, never a mix."""
    tmp = stage(path, data)
    try:
        os.replace(tmp, real_target(Path(path)))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def remove_stale_temps(folder: Path) -> None:
    """Delete temporary files a killed writer left behind; call only while holding the folder's lock."""
    for leftover in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        leftover.unlink(missing_ok=True)


@contextmanager
def debate_lock(folder: Path, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the debate folder's lock: one writer at a time reads, checks and writes its maps."""
    from filelock import FileLock, Timeout

    lock_path = folder / LOCK_NAME
    lock = FileLock(str(lock_path), timeout=max(timeout, 0))
    started = time.monotonic()
    try:
        lock.acquire()
    except Timeout:
        raise ConflictError(
            f"{folder}: another argmap command is changing this debate (lock {lock_path} held for "
            f"{time.monotonic() - started:.0f} s); nothing was written — try again, or wait longer with --lock-timeout"
        ) from None
    except OSError as exc:
        message = f"{lock_path}: cannot take the debate's lock ({exc.strerror}); nothing was written"
        raise ConflictError(message) from None
    try:
        yield
    finally:
        lock.release()


def write_new(
    path: Path | str, data: str | bytes, *, overwrite: bool = False, source: Path | str | None = None
) -> None:
    """Write an output file; an existing file is replaced only when asked, a folder never, the input never."""
    path = Path(path)
    if source is not None and path.exists() and path.resolve() == Path(source).resolve():
        raise UsageError(f"{path}: is the file being read; write the output elsewhere")
    if path.is_dir():
        raise UsageError(f"{path}: is a folder; give a file name")
    if path.exists() and not overwrite:
        raise ConflictError(f"{path}: already exists; nothing was written (--force replaces it)")
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise ArgmapError(f"{path}: cannot be written ({exc.strerror})") from None
