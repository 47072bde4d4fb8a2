"""An import worker process: reads chunks of files from stdin, answers with parsed and analyzed threads on stdout."""

from __future__ import annotations

import sys

from index.library.workers import prepare_file, read_frame, write_frame


def main() -> int:
    tasks, answers = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            task = read_frame(tasks)
        except EOFError:  # the importer finished, or died
            return 0
        write_frame(answers, [prepare_file(*one) for one in task])  # a chunk of files
        answers.flush()


if __name__ == "__main__":
    sys.exit(main())
