"""Builders of hostile transcripts and file trees for the safety, fault and privacy tests."""

from __future__ import annotations

import os
import random
import string
from dataclasses import dataclass, field
from pathlib import Path

NBSP = "\u00a0"

# Every escape a transcript might smuggle towards the terminal or the markup parser.
# Each entry: (label, text). Labels name the case in failures and in the figures.
ESCAPES: tuple[tuple[str, str], ...] = (
    ("rich bold markup", "[bold red]shouting[/bold red]"),
    ("rich link markup", "[link=https://evil.example/]click me[/link]"),
    ("textual action markup", "[@click=app.quit]quit now[/]"),
    ("rich emoji code", ":skull: :warning:"),
    ("csi colour", "\x1b[31mred text\x1b[0m"),
    ("csi clear screen", "\x1b[2J\x1b[H"),
    ("csi alt screen", "\x1b[?1049h"),
    ("csi cursor move", "\x1b[10;10H"),
    ("csi mouse tracking", "\x1b[?1000h"),
    ("osc 8 hyperlink", "\x1b]8;;https://evil.example/\x1b\\innocent link\x1b]8;;\x1b\\"),
    ("osc 52 clipboard", "\x1b]52;c;cm0gLXJmIH4=\x07"),
    ("osc 0 title", "\x1b]0;pwned title\x07"),
    ("dcs sequence", "\x1bPq#0;2;0;0;0\x1b\\"),
    ("c1 csi", "\x9b31mc1 red"),
    ("c1 osc", "\x9d0;c1 title\x9c"),
    ("bare escape", "before\x1bafter"),
    ("bell", "ding\x07dong"),
    ("carriage return", "visible\rHIDDEN"),
    ("backspace", "secret\b\b\b\b\b\bshown!"),
    ("delete char", "del\x7fete"),
    ("vertical tab and form feed", "vt\x0bff\x0cend"),
    ("zero width space", "zero\u200bwidth"),
    ("zero width joiner", "join\u200d\u200cer"),
    ("word joiner and bom", "word\u2060joiner\ufeffbom"),
    ("bidi right-to-left override", "invoice\u202etxt.exe"),
    ("bidi isolates", "\u2066isolated\u2069 and \u2067rtl\u2069 \u2068first\u2069"),
    ("bidi marks", "mark\u200fRLM\u200eLRM\u061cALM"),
    ("bidi embedding", "\u202aLRE\u202c \u202bRLE\u202c \u202dLRO\u202c"),
    ("line separators", "line\u2028sep\u2029para\x85nel"),
    ("unicode tags", "tag\U000e0041\U000e0042hidden"),
)

# Characters that must never reach a terminal raw: C0 (except newline, tab), DEL, C1,
# and the invisible format characters that reorder or hide text.
FORBIDDEN_ON_TERMINAL = frozenset(
    [chr(c) for c in range(0x20) if chr(c) not in "\n\t"]
    + ["\x7f"]
    + [chr(c) for c in range(0x80, 0xA0)]
    + list("\u200b\u200c\u200d\u200e\u200f\u061c\u2060\ufeff\u2028\u2029")
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + [chr(c) for c in range(0xE0000, 0xE0080)]
)


def forbidden_in(text: str) -> list[str]:
    """The raw control/format characters in `text`, as repr strings for a readable failure."""
    return sorted({repr(ch) for ch in text if ch in FORBIDDEN_ON_TERMINAL})


def marker(i: int) -> str:
    """A unique made-up word for file `i`, searchable and stable under stemming."""
    letters = string.ascii_lowercase
    word = ""
    n = i
    for _ in range(5):
        word += letters[n % 26]
        n //= 26
    return f"qz{word}marker"


def historum_thread(title: str, bodies: list[str]) -> str:
    """A transcript in the Historum shape of seed 000: anonymous headers, NBSP separators."""
    lines = [title, ""]
    for number, body in enumerate(bodies, start=1):
        if number > 1:
            lines.append(NBSP)
        lines += ["Mar 2019", str(number + 8), "Madeira, Portugal", f"#{number}", body]
    lines.append(NBSP)
    return "\n".join(lines) + "\n"


def good_thread(i: int, posts: int = 3) -> str:
    """A small well-formed transcript whose every post carries marker(i)."""
    bodies = [
        f"Post {n} of thread {i} mentions {marker(i)} and ordinary words about history."
        for n in range(posts)
    ]
    return historum_thread(f"Good thread {i} {marker(i)}", bodies)


@dataclass
class Corpus:
    """A directory of files with what the import must do with each."""

    root: Path
    good: dict[Path, str] = field(default_factory=dict)  # file -> a word its posts contain
    bad: dict[Path, str] = field(default_factory=dict)  # file -> what the reason should say
    odd: dict[Path, str] = field(default_factory=dict)  # import or refuse, never crash or hang

    @property
    def tried(self) -> int:
        return len(self.good) + len(self.bad) + len(self.odd)


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def build_encoding_corpus(root: Path) -> Corpus:
    """Files in every encoding people save in, plus the ones no reader should accept."""
    corpus = Corpus(root)
    n = 0

    def good(name: str, text: str, encoding: str, extra: bytes = b"") -> None:
        nonlocal n
        word = marker(1000 + n)
        n += 1
        body = historum_thread(f"{name} {word}", [text.replace("WORD", word), f"reply {word}"])
        corpus.good[_write(root / name, extra + body.encode(encoding))] = word

    good("utf8.txt", "plain WORD café naïve", "utf-8")
    good("utf8-bom.txt", "bom WORD café", "utf-8", b"\xef\xbb\xbf")
    good("utf16le-bom.txt", "sixteen WORD café Привет", "utf-16")  # Python writes a BOM
    good("utf16be-bom.txt", "big endian WORD café", "utf-16-be", b"\xfe\xff")
    good("cp1252.txt", "windows WORD \u201csmart quotes\u201d \u2013 café €5", "cp1252")
    # 0x81 and 0x8d are undefined in cp1252, so only latin-1 can read this one.
    good("latin1.txt", "latin WORD caf\u00e9 \u0081\u008d ctrl", "latin-1")
    good("crlf.txt", "dos WORD line endings", "utf-8")
    crlf = root / "crlf.txt"
    crlf.write_bytes(crlf.read_bytes().replace(b"\n", b"\r\n"))

    word = marker(1000 + n)
    n += 1
    mojibake = historum_thread(f"mojibake {word}", [f"broken {word} cafÃ© naÃ¯ve â€œquotedâ€\x9d", "ok"])
    corpus.good[_write(root / "mojibake.txt", mojibake.encode("utf-8"))] = word

    word = marker(1000 + n)
    n += 1
    mixed = historum_thread(f"mixed {word}", [f"utf8 part {word} café", "cp1252 part PLACEHOLDER"])
    data = mixed.encode("utf-8").replace(b"PLACEHOLDER", "naïve “quoted”".encode("cp1252"))
    corpus.good[_write(root / "mixed.txt", data)] = word

    word = marker(1000 + n)
    n += 1
    lonely = f"{word} is the only line of this file without any structure"
    corpus.good[_write(root / "one-line.txt", lonely.encode())] = word

    corpus.bad[_write(root / "empty.txt", b"")] = "empty"
    corpus.bad[_write(root / "blank.txt", b"\n \n\t\r\n")] = "no text"
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    corpus.bad[_write(root / "picture.txt", png)] = "binary"
    corpus.bad[_write(root / "archive.txt", b"PK\x03\x04" + bytes(random.Random(1).randbytes(4096)))] = "binary"
    corpus.bad[_write(root / "utf16-no-bom.txt", "no bom here".encode("utf-16-le"))] = "binary"
    # High bytes with no NUL and no text shape: decodable as latin-1 only in the letter of it.
    rng = random.Random(7)
    noise = bytes(rng.choice([b for b in range(1, 256) if b not in b"\n\r\t "]) for _ in range(8192))
    corpus.bad[_write(root / "noise.txt", noise)] = "binary"
    invalid = b"start \xff\xfe\xfd\xc3\x28 \xe2\x82 \xf0\x28\x8c\xbc " + marker(999).encode() + b" end\n"
    corpus.odd[_write(root / "invalid-utf8.txt", invalid * 10)] = "invalid utf-8 sequences"
    return corpus


def add_symlink_traps(corpus: Corpus) -> None:
    """Symlink loops, a dangling link and a directory cycle inside the corpus."""
    root = corpus.root
    (root / "loop-a.txt").symlink_to(root / "loop-b.txt")
    (root / "loop-b.txt").symlink_to(root / "loop-a.txt")
    corpus.odd[root / "loop-a.txt"] = "symlink loop"
    corpus.odd[root / "loop-b.txt"] = "symlink loop"
    (root / "dangling.txt").symlink_to(root / "does-not-exist.txt")
    corpus.odd[root / "dangling.txt"] = "dangling symlink"
    sub = root / "sub"
    sub.mkdir()
    word = marker(2000)
    corpus.good[_write(sub / "inside.txt", good_thread(2000).encode())] = word
    (sub / "up").symlink_to(root, target_is_directory=True)  # a directory cycle
    (sub / "self").symlink_to(sub, target_is_directory=True)
    corpus.odd[sub / "up"] = "directory cycle"


def deny_read(path: Path, monkeypatch) -> str:
    """Make `path` unreadable; as root (where mode 000 does not stop reads) fake EACCES on open."""
    path.chmod(0)
    try:
        with open(path, "rb"):
            readable = True
    except PermissionError:
        readable = False
    if not readable:
        return "mode 000"
    import builtins
    import io

    target = os.path.realpath(path)

    def guard(opener):
        def guarded(file, *args, **kwargs):
            if isinstance(file, (str, bytes, os.PathLike)) and os.path.realpath(os.fsdecode(file)) == target:
                raise PermissionError(13, "Permission denied", os.fsdecode(file))
            return opener(file, *args, **kwargs)

        return guarded

    monkeypatch.setattr(builtins, "open", guard(builtins.open))
    monkeypatch.setattr(io, "open", guard(io.open))
    monkeypatch.setattr(os, "open", guard(os.open))
    return "simulated EACCES (running as root)"


def write_long_line(path: Path, size: int = 1 << 20) -> str:
    """A transcript whose one post is a single line of about `size` bytes; returns its last word."""
    rng = random.Random(3)
    words = ["history", "alliance", "treaty", "soviet", "border", "army", "pact", "minister"]
    chunks: list[str] = []
    total = 0
    while total < size:
        word = rng.choice(words)
        chunks.append(word)
        total += len(word) + 1
    last = marker(3000)
    line = " ".join(chunks) + " " + last
    path.write_text(historum_thread(f"Long line {marker(3001)}", [line, "short reply"]), encoding="utf-8")
    return last


def write_huge_transcript(path: Path, size: int = 50 << 20) -> tuple[str, int]:
    """A transcript of about `size` bytes in many posts; returns (word in the last post, posts)."""
    rng = random.Random(5)
    vocabulary = [
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9))) for _ in range(5000)
    ]
    posts = 0
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(f"Huge thread {marker(4000)}\n\n")
        while written < size:
            posts += 1
            if posts > 1:
                out.write(NBSP + "\n")
            body = " ".join(rng.choices(vocabulary, k=400))
            chunk = f"Mar 2019\n{posts}\nLisbon\n#{posts}\n{body}\n"
            out.write(chunk)
            written += len(chunk)
        last = marker(4001)
        out.write(f"{NBSP}\nMar 2019\n{posts + 1}\nLisbon\n#{posts + 1}\nthe end {last}\n{NBSP}\n")
    return last, posts + 1


def write_many_tiny(root: Path, count: int = 100_000) -> None:
    """`count` tiny transcripts spread over subdirectories of 1,000 files each."""
    for i in range(count):
        folder = root / f"d{i // 1000:03d}"
        if i % 1000 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        with open(folder / f"t{i:06d}.txt", "w", encoding="utf-8") as out:
            out.write(f"Tiny {i}\n\nMar 2019\n1\nLisbon\n#1\nword {marker(i)}\n{NBSP}\n")


def escapes_transcript() -> str:
    """A transcript whose posts each hold one hostile escape, labelled so a post can be found."""
    bodies = [f"Case {i} {label}: before {text} after" for i, (label, text) in enumerate(ESCAPES)]
    return historum_thread("Hostile \x1b[31mtitle\x1b[0m [bold]markup[/bold] \u202eevil", bodies)


def write_escapes(path: Path) -> Path:
    path.write_text(escapes_transcript(), encoding="utf-8")
    return path


def write_wide_vocabulary(root: Path, threads: int = 30, posts: int = 100, words: int = 40) -> None:
    """Threads drawn from 6,000 made-up words, so wildcards and fuzzy terms have much to expand to."""
    rng = random.Random(9)
    vocabulary = sorted(
        {"".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 10))) for _ in range(6000)}
    )
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]  # Zipf-like, as in real text
    root.mkdir(parents=True, exist_ok=True)
    for t in range(threads):
        bodies = [" ".join(rng.choices(vocabulary, weights, k=words)) for _ in range(posts)]
        (root / f"wide-{t:03d}.txt").write_text(historum_thread(f"Wide thread {t}", bodies), encoding="utf-8")
