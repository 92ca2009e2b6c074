"""A progress bar on stderr for long CLI work (rich), silent when not wanted."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)


class ProgressBar:
    """The handle a long task advances; a no-op when progress is disabled."""

    def __init__(self, progress: Progress | None, label: str) -> None:
        self._progress = progress
        self._task = progress.add_task(label, total=None, item="") if progress else None

    def set_total(self, total: int) -> None:
        """Set the number of steps once it is known."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, total=total)

    def advance(self, item: str = "") -> None:
        """Mark one step done; ``item`` names it (a file name, never its content)."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, advance=1, item=item[:40])


@contextmanager
def progress_bar(label: str, *, enabled: bool = True) -> Iterator[ProgressBar]:
    """Show a progress bar on stderr while the block runs (if ``enabled``)."""
    if not enabled:
        yield ProgressBar(None, label)
        return
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[item]}"),
        console=Console(file=sys.stderr),
        transient=False,
    )
    with progress:
        yield ProgressBar(progress, label)
