"""DOCX parsing throughput: bare python-docx next to our full-fidelity parser.

The baseline is what a naive indexer does: ``Document(path)`` then each body
paragraph's ``.text`` and each table cell's ``.text``. Ours is
:func:`indexer.parse.docx.parse_docx`, which also renders list numbers, fields,
headers, notes and text boxes and normalizes the text. Both read the same
generated court-decision-like files (paragraphs plus a table of monthly charges),
made in a temporary folder and removed afterwards; each is timed over two rounds
and the faster round counts, so that a noisy neighbour on the machine costs less.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from indexer.parse.docx import parse_docx
from lexdesk.bench import Measurement
from lexdesk.synth.docx import write_court_docx

logger = logging.getLogger(__name__)

# Files per run: 200 as the issue asks, 30 for a quick look.
FULL_FILES = 200
QUICK_FILES = 30

# The aim of issue 2: full fidelity may cost at most 30 % of bare python-docx speed.
AIM_RATIO = 0.7


def run(*, quick: bool) -> list[Measurement]:
    """Time bare python-docx and our parser on the same generated DOCX files.

    Args:
        quick: use 30 files instead of 200.

    Returns:
        One measurement: files/s of ours with bare python-docx as the baseline.
    """
    count = QUICK_FILES if quick else FULL_FILES
    with tempfile.TemporaryDirectory(prefix="lexdesk-bench-docx-") as folder:
        files = [
            write_court_docx(Path(folder) / f"decision-{n:03d}.docx", seed=n)
            for n in range(count)
        ]
        bare_chars = sum(len(_bare_python_docx(path)) for path in files[:1])
        logger.debug("warm-up done, %d characters in the first file", bare_chars)
        bare = _files_per_second(files, _bare_python_docx)
        ours = _files_per_second(files, lambda path: parse_docx(path).text)
        size = sum(path.stat().st_size for path in files) / count
    return [
        Measurement(
            stage="docx parse",
            metric="files/s",
            ours=round(ours, 1),
            baseline=round(bare, 1),
            baseline_name="bare python-docx (paragraphs + table cells)",
            aim=f">= {AIM_RATIO}x baseline",
            met=ours >= AIM_RATIO * bare,
            note=f"{count} generated files, {size / 1024:.0f} KB each on average, "
            "best of 2 rounds",
        )
    ]


def _bare_python_docx(path: Path) -> str:
    """The naive extraction: paragraphs' and table cells' ``.text``."""
    from docx import Document

    document = Document(str(path))
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return "\n".join(texts)


def _files_per_second(files: list[Path], extract: Callable[[Path], str]) -> float:
    """Best of two rounds of extracting every file, as files per second."""
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        for path in files:
            extract(path)
        best = min(best, time.perf_counter() - start)
    return len(files) / best if best > 0 else float("inf")
