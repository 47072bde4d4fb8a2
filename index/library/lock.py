"""One writer at a time: a filelock (the kernel drops it when its process dies), and a label naming the holder."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Callable

from index.library.atomic import write_atomic

LOCK_FILE = "write.lock"
HOLDER_FILE = "write.lock.json"  # beside the lock: opening the lock file may truncate it



def _host() -> str:
    import socket  # only writers take the lock: readers need not load socket (~2 ms)

    return socket.gethostname()

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
    """Exclusive write access to a library.

    The holder file (pid, host, start time) is only a label for messages. One left by a killed
    process is never a real lock; we notice it to tell the user we cleared it.
    """

    def __init__(self, directory: Path, what: str = "an import"):
        directory = Path(directory)
        self.path = directory / LOCK_FILE
        self.holder_path = directory / HOLDER_FILE
        self.what = what
        self.cleared_stale: str | None = None  # message when a dead holder's label was cleared
        from filelock import FileLock  # here, not above: commands that only read never load it (10 ms)

        # No soft (file-exists) fallback: a killed import would leave such a lock behind.
        self._lock = FileLock(self.path, mode=0o600, thread_local=False, fallback_to_soft=False)

    def holder(self) -> dict:
        try:
            holder = json.loads(self.holder_path.read_text(encoding="utf-8") or "{}")
            return holder if isinstance(holder, dict) else {}
        except (OSError, ValueError):
            return {}

    def acquire(self, wait: float = 10.0, on_wait: Callable[[str], None] | None = None) -> None:
        """Take the lock, waiting up to `wait` seconds; LibraryBusy with a one-line reason after that."""
        from filelock import Timeout

        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            if on_wait is not None:
                on_wait(f"waiting for {_describe(self.holder())} to finish with the library…")
            try:
                self._lock.acquire(timeout=max(wait, 0), poll_interval=0.1)
            except Timeout:
                raise LibraryBusy(
                    f"the library is busy: {_describe(self.holder())} is writing to it; try again when it ends"
                ) from None
        previous = self.holder()
        pid = previous.get("pid")
        if isinstance(pid, int) and pid != os.getpid() and previous.get("host") == _host():
            if not _pid_alive(pid):
                self.cleared_stale = f"cleared a stale lock left by {_describe(previous)}, which is no longer running"
        label = {"pid": os.getpid(), "host": _host(), "what": self.what, "since": time.time()}
        write_atomic(self.holder_path, json.dumps(label).encode())

    def release(self) -> None:
        if not self._lock.is_locked:
            return
        try:
            self.holder_path.unlink(missing_ok=True)
        finally:
            self._lock.release()

    def __enter__(self) -> "WriteLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
