"""The page around a copied thread's posts: its title, its breadcrumb, and where the page's footer begins."""

from __future__ import annotations

import re

from index.threads.dialects.lines import ACTION, BLANK, LITERAL, PROSE, SHORT, SUBJECT, Line

# Separators of a printed breadcrumb ("Forums > Hardware > Thread").
CRUMB = re.compile(r"\s+(?:>|›|»|→|/|\\|::)\s+|\s*(?:>|›|»)\s*$")
# Lines of a page's frame rather than its thread: sign-in prompts, cookie notices, legal lines.
FRAME = re.compile(
    r"(?i)\b(?:log ?in|sign ?in|sign ?up|register|anmelden|registrieren|einloggen|connexion|s'inscrire|"
    r"cookies?|javascript|datenschutz|privacy|impressum|terms of (?:use|service)|nutzungsbedingungen|"
    r"all rights reserved|alle rechte|tous droits|powered by|copyright|©|search|suche|recherche|menu|menü|"
    r"dismiss|notice|members|mitglieder|membres|abonnieren|subscribe|darstellung|view|ansicht)"
)
NAV_RUN = 4
TITLE_CHARS = 160


def _crumbs(text: str) -> list[str]:
    return [c.strip() for c in CRUMB.split(text) if c and c.strip()]


def breadcrumb(preamble: list[Line], title: str | None) -> str | None:
    """The forum path printed above the thread ("Forums > Hardware"), without the thread's own title."""
    for line in preamble:
        crumbs = _crumbs(line.text)
        if len(crumbs) >= 2 and len(line.text) <= 200 and CRUMB.search(line.text):
            if title and crumbs[-1].casefold() == title.casefold():
                crumbs = crumbs[:-1]
            return " > ".join(crumbs)
    return None


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def title_of(preamble: list[Line], lines: list[Line]) -> str | None:
    """The thread's title: a line above the posts that the posts' subjects or the page repeat, else the last
    title-like line above the posts (the site's name comes first on a page, the thread's last)."""
    subjects = {_key(re.sub(r"(?i)^\s*(?:re|aw|wg|réf?|antw)\s*:\s*", "", l.text)) for l in lines if l.kind == SUBJECT}
    crumbs = {_key(c) for l in preamble if CRUMB.search(l.text) for c in _crumbs(l.text)[-1:]}
    later = {}
    for line in lines[len(preamble) :]:
        if line.text:
            later[_key(line.text)] = later.get(_key(line.text), 0) + 1
    best, best_score = None, -1.0
    candidates = [
        l for l in preamble
        if l.kind in (SHORT, PROSE, LITERAL, SUBJECT) and 3 <= len(l.text) <= TITLE_CHARS
        and not FRAME.search(l.text) and not CRUMB.search(l.text) and (len(l.text.split()) >= 2 or len(l.text) >= 12)
    ]
    for rank, line in enumerate(candidates):
        key = _key(line.text)
        score = rank / max(len(candidates), 1)
        if key in subjects:
            score += 3
        if key in crumbs:
            score += 1.5
        if 2 <= len(line.text.split()) <= 16:
            score += 0.5
        if later.get(key, 0) and key not in subjects:
            score -= 0.5  # the site's name comes back in its footer
        if line.date is not None or line.kind == PROSE and line.text.endswith("."):
            score -= 1  # "Discussion started by NAME, date." describes the thread; it is not its title
        if score > best_score:
            best, best_score = line.text, score
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
