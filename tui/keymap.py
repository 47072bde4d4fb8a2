"""The user's keymap file (keymap.toml in the config directory): binding id = "keys"."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from index.library import paths

EXAMPLE = '''# threadreader keymap: binding id = "key[,key…]" (ids are listed in the help screen, ?)
reader.next_post = "n,J"
post.go_to_source = "g,ctrl+g"
'''


def keymap_path() -> Path:
    return paths.config_dir() / "keymap.toml"


def _flatten(table: dict, prefix: str = "") -> Iterable[tuple[str, object]]:
    # `reader.next_post = "x"` in TOML is a nested table; binding ids are the dotted path.
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flatten(value, f"{name}.")
        else:
            yield name, value


def load_keymap(path: Path | None = None, known_ids: Iterable[str] = ()) -> tuple[dict[str, str], list[str]]:
    """Overrides from the file, and one-line problems to tell the reader (never raises)."""
    path = path or keymap_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as error:
        return {}, [f"keymap {path}: cannot read it ({error.__class__.__name__})"]
    import tomllib  # only when there is a keymap: most readers have none, and it is 2.5 ms of every start

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return {}, [f"keymap {path}: not valid TOML ({error})"]
    known = set(known_ids)
    keymap, problems = {}, []
    for binding_id, keys in _flatten(data):
        if not isinstance(keys, str) or not keys.strip():
            problems.append(f"keymap {path}: {binding_id} must be a string of keys like \"n,J\"")
        elif known and binding_id not in known:
            problems.append(f"keymap {path}: no binding with id {binding_id} (see ? for ids)")
        else:
            keymap[binding_id] = ",".join(key.strip() for key in keys.split(","))
    return keymap, problems
