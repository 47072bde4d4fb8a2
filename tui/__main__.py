"""The `threadreader` command line: open the reader, or parse, import, search, show, export, stats."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# numpy (searches, the parser's shingles) does array bookkeeping here, never linear algebra: without
# this, OpenBLAS starts a thread per core as numpy loads, half of numpy's import (~40 ms a command).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# Each module registers its own subcommands: register(subparsers, common) -> None,
# setting `func(args) -> int` on every parser it adds.
COMMAND_MODULES = (
    "tui.cli.reader",  # open (and the default with no subcommand)
    "tui.cli.parse",  # parse
    "tui.cli.library",  # import, search, show, export, stats, reindex
)
# The module registering each command: a command run from the shell builds only its own parser
# (the others' imports and argparse set-up are ~10 ms of a `threadreader search`). A test checks
# this against what the modules register.
COMMANDS = {"open": "tui.cli.reader", "parse": "tui.cli.parse", **dict.fromkeys(
    ("import", "search", "show", "export", "stats", "reindex"), "tui.cli.library")}


def build_parser(modules: tuple[str, ...] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """The argument parser with the subcommands of `modules` (by default every one)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--library",
        metavar="DIR",
        default=argparse.SUPPRESS,  # so a subcommand's copy never overwrites `--library` given before it
        help="library directory (default: $THREADREADER_HOME or the user data directory)",
    )
    parser = argparse.ArgumentParser(
        prog="threadreader",
        description="Read forum threads saved as plain text, with rebuilt quotes and offline search.",
        parents=[common],
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        module.register(subparsers, common)
    parser.commands = tuple(subparsers.choices)  # for main(): a first word naming no command
    return parser


def _command_at(argv: list[str]) -> int:
    """Where the command word is in argv (len(argv) when there is none)."""
    at = 0
    while at < len(argv) and argv[at].startswith("-"):
        at += 2 if argv[at] == "--library" else 1  # the only option taking a value before the command
    return at


def _parser_for(argv: list[str]) -> argparse.ArgumentParser:
    """The parser for argv: only its command's module when it names one, else the full parser (help,
    no command, a path to open, a mistake)."""
    at = _command_at(argv)
    module = COMMANDS.get(argv[at]) if at < len(argv) else None
    if module is None or any(word in ("-h", "--help") for word in argv[:at]):
        return build_parser()
    parser = build_parser((module,))
    parser.commands = tuple(COMMANDS)
    return parser


def with_command(argv: list[str], commands: tuple[str, ...]) -> list[str] | str:
    """argv with `open` put before a first word that names a file or folder rather than a command
    (`threadreader DIR` reads DIR, as `threadreader` alone opens the reader); a one-line error when
    that word is neither."""
    at = _command_at(argv)
    if at >= len(argv) or argv[at] in commands:
        return argv
    word = argv[at]
    if os.path.exists(word):
        return [*argv[:at], "open", *argv[at:]]
    return (f"threadreader: no command, file or folder named {word!r}; to read transcripts: "
            "threadreader open PATH (threadreader -h lists the commands)")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    as_program = argv is None
    words = list(sys.argv[1:] if as_program else argv)
    parser = _parser_for(words)
    words = with_command(words, parser.commands)
    if isinstance(words, str):
        print(words, file=sys.stderr)
        return 2
    args = parser.parse_args(words)
    if args.command is None:
        args.command = "open"
        args.paths = []
        reader = importlib.import_module("tui.cli.reader")
        args.func = reader.run_open
    try:
        code = int(args.func(args) or 0)
        if as_program and getattr(args, "quick_exit", False):
            _exit_now(code)
        return code
    except KeyboardInterrupt:
        print("threadreader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Whatever is still buffered goes nowhere, quietly, instead of failing again at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _exit_now(code: int) -> None:
    """Ends the process without the interpreter's teardown (freeing every module and object: ~20 ms
    after a search). Only for a command run as the program (main() with no argv) that has closed
    its library and left nothing to clean up: the reading commands set quick_exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = 0
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
