"""The page around a copied thread's posts: its title, its breadcrumb, and where the page's footer begins."""

from __future__ import annotations

import re

from index.threads.dialects.common import name_words, repeats_name
from index.threads.dialects.lines import ACTION, BLANK, DATE, FIELD, LITERAL, NUMBER, PROSE, SHORT, SUBJECT, Line

# Separators of a printed breadcrumb ("Forums > Hardware > Thread").
# (Not "/": "Pixel 7 / 7a" is a name, and "Login / Войти" a menu.)
CRUMB = re.compile(r"\s+(?:>|›|»|→|::)\s+|\s*(?:>|›|»)\s*$")
# "Seite 1 von 2 12 > Letzte": the page's navigation, whatever arrows it prints.
_PAGES = re.compile(r"(?i)\b\d+\s+(?:of|von|sur|de)\s+\d+\b")
_LABEL = re.compile(r"^[^\W\d][\w .'’-]{0,28}?:\s+(?P<value>\S.*)$")
# Lines of a page's frame rather than its thread: sign-in prompts, cookie notices, legal lines.
FRAME = re.compile(
    # Whole words ("noticed" is no "notice")...
    r"(?i)\b(?:(?:log ?in|log ?out|sign ?in|sign ?up|sign ?out|connexion|s'inscrire|cookies?|javascript|privacy|"
    r"terms of (?:use|service)|all rights reserved|alle rechte|tous droits|powered by|copyright|search(?:es|ing)?|"
    r"recherche|menus?|dismiss|notices?|members|membres|subscribe|views?)\b"
    # ... and the beginnings of words ("Registered", "Datenschutzerklärung", "Mitgliederliste").
    r"|register|anmelden|registrieren|einloggen|datenschutz|impressum|nutzungsbedingungen|©|suche|menü|mitglieder|"
    r"abonnieren|darstellung|ansicht)"
)
NAV_RUN = 4


def framed_name(text: str) -> bool:
    """Whether a would-be name line is the page's frame: a one-word line only when the frame's word is all of it
    ("Menu", not "menu0": a member may name themselves after anything)."""
    match = FRAME.search(text)
    return bool(match) and (len(text.split()) > 1 or not re.search(r"[\d_]", text[match.end() :]))
# Lines after the preamble that may still be the first post's header (where a page may print the title again).
HEADER_REACH = 12
TITLE_CHARS = 160


def _crumbs(text: str) -> list[str]:
    return [c.strip() for c in CRUMB.split(text) if c and c.strip()]


def breadcrumb(preamble: list[Line], title: str | None) -> str | None:
    """The forum path printed above the thread ("Forums > Hardware"), without the thread's own title."""
    for line in preamble:
        crumbs = _crumbs(line.text)
        if len(crumbs) >= 2 and len(line.text) <= 200 and CRUMB.search(line.text) and not _PAGES.search(line.text):
            if title and crumbs[-1].casefold() == title.casefold():
                crumbs = crumbs[:-1]
            return " > ".join(crumbs)
    return None


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _menu_run(preamble: list[Line], index: int) -> int:
    """How many short lines stand together around this one (a menu's entries do; a title stands alone)."""
    run = 1
    for step in (-1, 1):
        j = index + step
        while 0 <= j < len(preamble) and preamble[j].kind in (SHORT, LITERAL):
            run, j = run + 1, j + step
    return run


def title_of(preamble: list[Line], lines: list[Line], hint: str = "") -> str | None:
    """The thread's title: a line above the posts that the posts' subjects or the page repeat, else the last
    title-like line above the posts (the site's name comes first on a page, the thread's last)."""
    subjects = {_key(re.sub(r"(?i)^\s*(?:re|aw|wg|réf?|antw)\s*:\s*", "", l.text)) for l in lines if l.kind == SUBJECT}
    crumbs = {_key(c) for l in preamble if CRUMB.search(l.text) for c in _crumbs(l.text)[-1:]}
    # Printed again right under the posts' dates (each post's subject line) is the thread's title.
    again: dict[str, int] = {}
    previous = None
    for line in lines[len(preamble) :]:
        if not line.text:
            continue
        if previous is not None and (previous.kind == DATE and not previous.meta or previous.kind == NUMBER):
            again[_key(line.text)] = again.get(_key(line.text), 0) + 1
        previous = line
    later = {}
    for line in lines[max(len(preamble), 2 * len(lines) // 3) :]:
        if line.text:
            later[_key(line.text)] = later.get(_key(line.text), 0) + 1
    # The title comes back near the top: as a heading and in the window's title, "Thema: TITLE", the first header.
    near = [_key(l.text) for l in lines[: len(preamble) + HEADER_REACH] if l.text]
    labelled = [l.text for l in lines[: len(preamble) + HEADER_REACH] if ":" in l.text[:40]]  # "Thema: TITLE"
    # A menu printed twice comes back with its neighbours; a title comes back alone.
    contexts: dict[str, set] = {}
    for i, key in enumerate(near):
        contexts.setdefault(key, set()).add((near[i - 1] if i else "", near[i + 1] if i + 1 < len(near) else ""))
    named = name_words(re.sub(r"\.[A-Za-z0-9]{1,5}$", "", hint.replace("\\", "/").rsplit("/", 1)[-1]))
    best, best_score = None, -1.0
    near_texts = {l.text for l in lines[: len(preamble) + HEADER_REACH] if l.text}
    candidates = []
    for l in preamble:
        if l.kind == FIELD and (match := _LABEL.match(l.text)):  # "Thema: TITLE" (and "Tipp: TITLE" near it)
            if len({other for other in near_texts if match.group("value") in other}) >= 2:
                candidates.append((match.group("value"), l))
            else:
                candidates.append((l.text, l))  # a title with a colon in it ("Free fight: the debut")
        elif CRUMB.search(l.text):
            if not _PAGES.search(l.text) and len(_crumbs(l.text)) >= 2:
                candidates.append((_crumbs(l.text)[-1], l))  # a breadcrumb that ends with the thread's title
        elif l.kind in (SHORT, PROSE, LITERAL, SUBJECT):
            candidates.append((l.text.lstrip("»›> ").strip(), l))
    candidates = [
        (text, l) for text, l in candidates
        if 3 <= len(text) <= TITLE_CHARS and not FRAME.search(text) and (len(l.text.split()) >= 2 or len(text) >= 12)
    ]
    for rank, (text, line) in enumerate(candidates):
        key = _key(text)
        score = rank / max(len(candidates), 1)
        if key in subjects:
            score += 3
        if key in crumbs and not CRUMB.search(line.text):
            score += 1.5  # a heading the breadcrumb ends with
        elif CRUMB.search(line.text):
            score -= 0.75  # the breadcrumb's last step alone is more often the forum than the thread
        if 2 <= len(text.split()) <= 16:
            score += 0.5
        seen = contexts.get(key, set())
        inside = any(re.search(r":\s*" + re.escape(text) + r"\s*$", other) for other in labelled)
        if len(key) >= 8 and (inside or (len(seen) >= 2 and len({a for a, _ in seen}) == len(seen) == len({b for _, b in seen}))):
            score += 1
        if again.get(key, 0) >= 2 and line.kind != FIELD:
            score += 2
        elif later.get(key, 0) and key not in subjects:
            score -= 0.5  # the site's name comes back in its footer
        words = name_words(text)
        if words and named:
            shared = len(words & named)  # the file's name is the page's title or address
            score += min(shared, 4) / 2 * shared / len(words)
        if _menu_run(preamble, line.index) >= NAV_RUN:
            score -= 0.75
        if line.date is not None or line.kind == PROSE and text.endswith("."):
            score -= 1  # "Discussion started by NAME, date." describes the thread; it is not its title
        if score > best_score:
            best, best_score = text, score
    if best is None:  # nothing above the posts: some pages print the title under the first author and date
        for line in lines[len(preamble) : len(preamble) + HEADER_REACH]:
            if line.kind in (SHORT, SUBJECT, PROSE) and len(line.text.split()) <= 16 and repeats_name(line.text, named):
                return line.text.strip()
    return best


def tail_start(lines: list[Line], start: int, end: int, endings: set[str]) -> int:
    """Where the last post's text gives way to the page's footer: at the page's usual post ending, a sign-in or
    cookie line, or a run of menu lines."""
    seen_text = False
    run_start, run = None, 0
    for line in lines[start:end]:
        if line.kind == BLANK:
            continue
        if seen_text and (line.text in endings or line.kind == ACTION or FRAME.search(line.text) and len(line.text) <= 200):
            return line.index
        if line.kind == PROSE:
            seen_text, run_start, run = True, None, 0
            continue
        if seen_text:
            run_start = line.index if run == 0 else run_start
            run += 1
            if run >= NAV_RUN:
                return run_start
        else:
            seen_text = line.kind != ACTION
    return end
