"""OCR of one PDF page: pdfium renders it, the Tesseract command reads it in Russian.

Tesseract runs as a subprocess (the ``tesseract`` command of the system package,
no Python wrapper) with the page image on its standard input, so no temporary files
are written and a crash of the OCR engine cannot take the ingesting process down.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
from typing import Any

from lexdesk.errors import InfrastructureError

logger = logging.getLogger(__name__)

# 300 dpi is Tesseract's documented sweet spot for body text of 10-12 pt.
OCR_DPI = 300
# The Russian model, with English for the Latin names and numbers court files hold.
OCR_LANGUAGES = "rus+eng"
# A dense A4 page takes 5-15 s on one core of the build machine; a page taking more
# than this is given up on rather than stalling the whole batch.
OCR_TIMEOUT_SECONDS = 180


class OcrUnavailableError(InfrastructureError):
    """The Tesseract command or its Russian model is not installed."""


def is_ocr_available() -> bool:
    """Whether the ``tesseract`` command is on the PATH."""
    return shutil.which("tesseract") is not None


def ocr_page(page: Any) -> str:
    """Render one pypdfium2 page at :data:`OCR_DPI` and return Tesseract's text.

    Args:
        page: a ``pypdfium2.PdfPage``.

    Raises:
        OcrUnavailableError: the ``tesseract`` command is missing or failed to start.
        subprocess.TimeoutExpired: the page took longer than
            :data:`OCR_TIMEOUT_SECONDS`.
        subprocess.CalledProcessError: Tesseract exited with an error.
    """
    binary = shutil.which("tesseract")
    if binary is None:
        raise OcrUnavailableError(
            "tesseract is not installed; scanned pages cannot be read",
            user_message="Не установлен Tesseract: сканированные страницы не распознаны.",
        )
    bitmap = page.render(scale=OCR_DPI / 72, grayscale=True)
    image = bitmap.to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")

    # One thread per Tesseract: the machine's cores are shared with the batch.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = [binary, "stdin", "stdout", "-l", OCR_LANGUAGES, "--dpi", str(OCR_DPI)]
    result = subprocess.run(
        command,
        input=buffer.getvalue(),
        capture_output=True,
        timeout=OCR_TIMEOUT_SECONDS,
        check=True,
        env=env,
    )
    return result.stdout.decode("utf-8", "replace")
