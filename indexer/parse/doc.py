"""Legacy Word 97-2003 documents (.doc), and the OLE2 files that only look like one.

The text comes from antiword (it reads both Unicode and 8-bit Windows-1251
documents), with catdoc as a fallback, each run as a subprocess with a timeout.
Before either runs, the OLE2 container is opened with olefile to tell apart:

* a password-protected OOXML file (a .docx saved with a password is an OLE2
  container holding ``EncryptionInfo`` and ``EncryptedPackage`` streams, MS-OFFCRYPTO);
* a password-protected Word 97 file (the ``fEncrypted`` flag of the FIB, MS-DOC);
* an OLE2 file that is not a Word document at all (an Excel sheet, say).

antiword draws tables as ``|cell |cell |`` rows and wraps long cells onto
continuation rows; rows become tab-separated lines and continuation rows are merged
back into their row, as in the other parsers.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path

import olefile

from indexer.errors import EncryptedFileError, ParseError, UnsupportedFormatError
from indexer.parsed import FileFormat, ParsedFile
from lexdesk.errors import InfrastructureError
from nlp.normalize import normalize_text

logger = logging.getLogger(__name__)

# Seconds one tool may take on one file; antiword needs milliseconds for a court
# decision, so hitting this means a pathological file.
TOOL_TIMEOUT_SECONDS = 60

# The FIB flags word at offset 0x0A of the WordDocument stream; bit 0x0100 is
# fEncrypted (MS-DOC 2.5.2, FibBase).
_FIB_FLAGS_OFFSET = 0x0A
_FIB_ENCRYPTED = 0x0100

# A table row drawn by antiword: "|cell |cell |"; group 1 is the inside.
_TABLE_ROW = re.compile(r"^\|(.*)\|[ \t]*$")

# antiword's placeholder for a picture, e.g. "[pic]".
_PICTURE = re.compile(r"\[pic\]")


def parse_doc(path: Path) -> ParsedFile:
    """Extract the text of a legacy Word document.

    Args:
        path: an OLE2 file (the dispatcher sends every OLE2 container here).

    Returns:
        The normalized text. ``encoding`` is None: the tools decode the
        document's own code pages and write UTF-8.

    Raises:
        EncryptedFileError: the file is password-protected (Word 97 or OOXML).
        UnsupportedFormatError: the OLE2 container is not a Word document.
        ParseError: the file is corrupt, or no tool could get text out of it.
        InfrastructureError: neither antiword nor catdoc is installed.
    """
    _check_container(path)
    failures: list[str] = []
    for tool, command in _commands(path):
        output = _run(tool, command, path=path, failures=failures)
        if output is None:
            continue
        text = normalize_text(_tables_to_rows(_PICTURE.sub("", output)))
        if text:
            logger.debug("DOC parsed by %s", tool)
            warnings = tuple(failures)
            return ParsedFile(text=text, format=FileFormat.DOC, warnings=warnings)
        failures.append(f"{tool}: no text")
    if not failures:
        raise InfrastructureError(
            "neither antiword nor catdoc is installed: cannot read .doc files",
            user_message=(
                "Не установлены программы antiword и catdoc: файлы DOC не читаются. "
                "Обратитесь к администратору."
            ),
        )
    raise ParseError(
        f"{path.name}: no text extracted from DOC ({'; '.join(failures)})",
        user_message=f"Не удалось извлечь текст из документа Word {path.name}.",
    )


def _check_container(path: Path) -> None:
    """Reject encrypted and non-Word OLE2 files before running any tool."""
    try:
        if not olefile.isOleFile(str(path)):
            raise ParseError(
                f"{path.name}: not an OLE2 (Word 97-2003) file",
                user_message=f"Файл {path.name} не является документом Word 97-2003.",
            )
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"):
                raise _encrypted(path, "password-protected OOXML package")
            if not ole.exists("WordDocument"):
                raise UnsupportedFormatError(
                    f"{path.name}: OLE2 file is not a Word document",
                    user_message=(
                        f"Файл {path.name} не является документом Word "
                        "(возможно, это таблица Excel или презентация)."
                    ),
                )
            with ole.openstream("WordDocument") as stream:
                fib = stream.read(_FIB_FLAGS_OFFSET + 2)
    except (OSError, ValueError) as error:
        raise ParseError(
            f"{path.name}: corrupt OLE2 container: {error}",
            user_message=f"Документ Word {path.name} повреждён.",
        ) from error
    if len(fib) == _FIB_FLAGS_OFFSET + 2:
        flags = int.from_bytes(fib[_FIB_FLAGS_OFFSET:], "little")
        if flags & _FIB_ENCRYPTED:
            raise _encrypted(path, "password-protected Word 97-2003 document")


def _encrypted(path: Path, what: str) -> EncryptedFileError:
    """The error for a password-protected file."""
    return EncryptedFileError(
        f"{path.name}: {what}",
        user_message=(
            f"Файл {path.name} защищён паролем. Снимите пароль и загрузите файл снова."
        ),
    )


def _commands(path: Path) -> list[tuple[str, list[str]]]:
    """The installed tools and their command lines, in order of preference."""
    commands = []
    antiword = shutil.which("antiword")
    if antiword:
        # -w 0: one line per paragraph; UTF-8.txt: the output mapping.
        commands.append(
            ("antiword", [antiword, "-w", "0", "-m", "UTF-8.txt", str(path)])
        )
    catdoc = shutil.which("catdoc")
    if catdoc:
        # -d utf-8: output charset; -w: no line wrapping.
        commands.append(("catdoc", [catdoc, "-d", "utf-8", "-w", str(path)]))
    return commands


def _run(
    tool: str, command: list[str], *, path: Path, failures: list[str]
) -> str | None:
    """Run one tool; its stdout, or None with the reason added to ``failures``."""
    try:
        completed = subprocess.run(
            command,
            capture_output=True,
            timeout=TOOL_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        logger.warning(
            "%s: %s timed out after %d s", path.name, tool, TOOL_TIMEOUT_SECONDS
        )
        failures.append(f"{tool}: timed out after {TOOL_TIMEOUT_SECONDS} s")
        return None
    except OSError as error:
        failures.append(f"{tool}: cannot run: {error.strerror}")
        return None
    if completed.returncode != 0:
        reason = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        failures.append(
            f"{tool}: exit {completed.returncode}: {reason[-1] if reason else ''}"
        )
        logger.debug(
            "%s: %s failed with exit %d", path.name, tool, completed.returncode
        )
        return None
    return completed.stdout.decode("utf-8", errors="replace")


def _tables_to_rows(text: str) -> str:
    """Turn antiword's ``|cell |cell |`` rows into tab-separated lines."""
    lines: list[str] = []
    previous: list[str] | None = None  # cells of the row above, while in a table
    for line in text.split("\n"):
        row = _TABLE_ROW.match(line)
        if row is None:
            if previous is not None:
                lines.append("\t".join(previous))
            previous = None
            lines.append(line)
            continue
        cells = [cell.strip() for cell in row.group(1).split("|")]
        if previous is not None and _is_continuation(cells, previous):
            previous = [
                f"{above} {below}".strip()
                for above, below in zip(previous, cells, strict=True)
            ]
            continue
        if previous is not None:
            lines.append("\t".join(previous))
        previous = cells
    if previous is not None:
        lines.append("\t".join(previous))
    return "\n".join(lines)


def _is_continuation(cells: list[str], previous: list[str]) -> bool:
    """Whether a row is the wrapped remainder of the row above.

    antiword wraps a long cell onto extra rows whose first cell is empty and which
    fill fewer cells than the row they continue.
    """
    if len(cells) != len(previous) or cells[0]:
        return False
    return sum(map(bool, cells)) < sum(map(bool, previous))
