"""Every module of ours that imports whoosh gets it patched and without what whoosh loads and we never use."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UNUSED = ("asyncio", "urllib.request", "cached_property", "whoosh.lang.morph_en")
_IMPORTS_WHOOSH = re.compile(r"^(?:from whoosh[ .]|import whoosh\b)", re.M)


def _modules_importing_whoosh() -> list[str]:
    found = []
    for path in sorted((ROOT / "index").rglob("*.py")):
        if path.name != "whoosh_patches.py" and _IMPORTS_WHOOSH.search(path.read_text(encoding="utf-8")):
            found.append(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return found


def test_the_modules_are_found():
    modules = _modules_importing_whoosh()
    assert "index.library.schema" in modules and "index.search.postings" in modules


@pytest.mark.parametrize("module", _modules_importing_whoosh())
def test_importing_the_module_alone_loads_whoosh_lightly_and_patched(module):
    code = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        f"unused = sorted(m for m in sys.modules if m.startswith({UNUSED!r}))\n"
        "print(json.dumps([unused, 'index.library.whoosh_patches' in sys.modules]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    unused, patched = json.loads(done.stdout.splitlines()[-1])
    assert unused == [], f"{module} imports whoosh before index.library.whoosh_patches"
    assert patched
