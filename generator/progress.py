"""Progress of a long build: a bar on a terminal, a plain line every tenth of the way otherwise."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from tqdm import tqdm

# tqdm's monitor thread would make the process multi-threaded, and the pipeline forks workers
# only from a single-threaded process.
tqdm.monitor_interval = 0


class Progress:
    """Counts rendered documents; messages printed meanwhile appear above the bar, not through it."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty()
        self.bar: tqdm | None = None
        self.last_tenth = -1

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.close()

    def update(self, done: int, total: int) -> None:
        if self.interactive:
            if self.bar is None:
                self.bar = tqdm(total=total, unit="doc", file=self.stream, leave=False, dynamic_ncols=True)
            self.bar.update(done - self.bar.n)
            return
        tenth = done * 10 // total
        if tenth > self.last_tenth:
            self.last_tenth = tenth
            print(f"rendered {done} of {total} documents", file=self.stream, flush=True)

    def wrap(self, report: Callable[..., None]) -> Callable[..., None]:
        """A case report printed cleanly around the bar."""

        def wrapped(*args: Any) -> None:
            if self.bar is not None:
                with self.bar.external_write_mode(file=self.stream):
                    report(*args)
            else:
                report(*args)

        return wrapped
