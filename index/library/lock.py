"""One writer at a time: an fcntl lock on a file that also names the holder, for messages."""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from pathlib import Path
from typing import Callable

LOCK_FILE = "write.lock"


class LibraryBusy(RuntimeError):
    """Another process kept the library's write lock for longer than we were willing to wait."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _describe(holder: dict) -> str:
    pid = holder.get("pid")
    what = holder.get("what", "an import")
    return f"{what} (pid {pid})" if pid else what


class WriteLock:
    """Exclusive write access to a library; the kernel drops it when its process dies.

    The file's contents (pid, host, start time) are only a label. A file left by a killed
    process is therefore never a real lock; we notice it to tell the user we cleared it.
    """

    def __init__(self, directory: Path, what: str = "an import"):
        self.path = Path(directory) / LOCK_FILE
        self.what = what
        self.cleared_stale: str | None = None  # message when a dead holder's label was cleared
        self._fd: int | None = None

    def holder(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            return {}

    def acquire(self, wait: float = 10.0, on_wait: Callable[[str], None] | None = None) -> None:
        """Take the lock, waiting up to `wait` seconds; LibraryBusy with a one-line reason after that."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = self.holder()
                if not told and on_wait is not None:
                    on_wait(f"waiting for {_describe(holder)} to finish with the library…")
                    told = True
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise LibraryBusy(
                        f"the library is busy: {_describe(holder)} is writing to it; try again when it ends"
                    ) from None
                time.sleep(0.1)
        previous = self.holder()
        pid = previous.get("pid")
        if isinstance(pid, int) and pid != os.getpid() and previous.get("host") == socket.gethostname():
            if not _pid_alive(pid):
                self.cleared_stale = f"cleared a stale lock left by {_describe(previous)}, which is no longer running"
        label = {"pid": os.getpid(), "host": socket.gethostname(), "what": self.what, "since": time.time()}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(label).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "WriteLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
