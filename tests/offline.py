"""A network tripwire: an audit hook that refuses and records any internet socket, lookup or URL open."""

from __future__ import annotations

import os
import socket
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOG_ENV = "THREADREADER_TEST_NET_LOG"
INTERNET = {socket.AF_INET, socket.AF_INET6, -1}  # -1: the default family, which is AF_INET

# Audit events cover the C level too, so a library calling _socket directly is caught as well.
LOOKUPS = {
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "socket.getnameinfo",
    "urllib.Request",
    "http.client.connect",
    "ftplib.connect",
    "smtplib.connect",
}

_attempts: list[str] = []
_armed = False
_log_path: str | None = None


class NetworkDisabled(OSError):
    pass


def _refuse(what: str) -> None:
    _attempts.append(what)
    if _log_path:
        with open(_log_path, "a", encoding="utf-8") as log:
            log.write(what + "\n")
    raise NetworkDisabled(101, f"network disabled by the test: {what}")


def _hook(event: str, args: tuple) -> None:
    if not _armed:
        return
    if event == "socket.__new__":
        if args[1] in INTERNET:
            _refuse(f"socket(family={args[1]})")
    elif event in ("socket.connect", "socket.sendto", "socket.sendmsg", "socket.bind"):
        address = args[1] if len(args) > 1 else None
        if isinstance(address, tuple):
            _refuse(f"{event}{address!r}")
    elif event in LOOKUPS:
        _refuse(f"{event}{args!r}"[:200])


_installed = False


def _install() -> None:
    global _installed
    if not _installed:
        sys.addaudithook(_hook)  # audit hooks cannot be removed, hence the _armed switch
        _installed = True


@contextmanager
def network_disabled():
    """Within the block any attempt to reach the network raises and is recorded; yields the record."""
    global _armed
    _install()
    _attempts.clear()
    _armed = True
    try:
        yield _attempts
    finally:
        _armed = False


def install_from_env() -> None:
    """Arm the tripwire for a whole subprocess (called from the generated sitecustomize.py)."""
    global _armed, _log_path
    _log_path = os.environ.get(LOG_ENV)
    _install()
    _armed = True


def offline_env(tmp: Path, base: dict[str, str] | None = None) -> tuple[dict[str, str], Path]:
    """Environment for a subprocess with the tripwire armed at start-up; returns (env, log file)."""
    site = tmp / "offline-site"
    site.mkdir(parents=True, exist_ok=True)
    (site / "sitecustomize.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        "from tests.offline import install_from_env\ninstall_from_env()\n",
        encoding="utf-8",
    )
    log = tmp / "network-attempts.log"
    log.write_text("", encoding="utf-8")
    env = dict(base if base is not None else os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    env[LOG_ENV] = str(log)
    return env, log
