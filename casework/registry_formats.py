"""Reading registry files: CSV in UTF-8, UTF-16, cp1251 or KOI8-R, and XLSX.

Billing systems export what their authors chose: a UTF-8 CSV with commas, a
Windows «CSV» in cp1251 with semicolons (what Excel writes in a Russian locale),
or an Excel workbook. :func:`read_table` takes the bytes of any of these and
returns the header and the data rows as strings, each with the line it came from
(the spreadsheet row number for XLSX), so that errors can point at it.

A header mapping (:func:`load_mapping`) renames a billing system's own column
names (``Лицевой счёт``) to the contract's (``account``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from indexer.parse.encoding import russian_score, sniff_bom
from lexdesk.errors import DataError, UserInputError

logger = logging.getLogger(__name__)

# An XLSX file is a ZIP archive; its first bytes are the ZIP local-header magic.
ZIP_MAGIC = b"PK\x03\x04"
# Delimiters a registry CSV may use, most common first (the order breaks ties).
DELIMITERS = (",", ";", "\t")
# Single-byte code pages a registry CSV may be in, most common first (the order
# breaks ties): Excel's «CSV» in a Russian locale, old Unix exports, DOS.
REGISTRY_CODEPAGES = ("cp1251", "koi8-r", "cp866")
# The accepted encodings, as the refusal names them.
ACCEPTED_ENCODINGS_RU = "UTF-8, UTF-16 (с меткой BOM), Windows-1251, KOI8-R и CP866"
# Characters of a file that are scored: enough rows for hundreds of names.
SCORED_BYTES = 64 * 1024
# Least Russian-pair score of a code page's reading over its Cyrillic words:
# the right code page scores 0.28-0.57 on the samples and the wrong ones
# below 0.01.
MIN_RUSSIAN_SCORE = 0.1
# Characters besides ASCII and Cyrillic letters that a Russian registry holds:
# the number sign, quotes, dashes, an ellipsis and a no-break space.
TYPOGRAPHY = frozenset("№«»„“”‘’–—…\u00a0")
# A run of Cyrillic letters, e.g. «Иванова».
_CYRILLIC_WORD_RE = re.compile(r"[А-Яа-яЁё]+")
# A run of letters of any script, e.g. «Иванова» or «Street».
_WORD_RE = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Table:
    """The cells of one registry file.

    Attributes:
        format: ``csv`` or ``xlsx``.
        encoding: the text encoding of a CSV (``utf-8``, ``cp1251``, ``koi8-r``…),
            None for XLSX.
        delimiter: the CSV delimiter, None for XLSX.
        header: the column names as the file spells them.
        header_line: the line (spreadsheet row) of the header.
        rows: the data rows: (line, cells); cells are strings, "" when empty.
    """

    format: str
    encoding: str | None
    delimiter: str | None
    header: tuple[str, ...]
    header_line: int
    rows: Iterator[tuple[int, list[str]]]


def read_table(data: bytes, *, name: str) -> Table:
    """Read a registry file's bytes as a table of strings.

    Args:
        data: the whole file.
        name: the file name, for messages.

    Returns:
        The header and an iterator over the data rows (blank rows are skipped).

    Raises:
        DataError: the file is empty, is not a CSV or XLSX, or has no header.
    """
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data, name=name)
    return _read_csv(data, name=name)


def load_mapping(path: Path) -> dict[str, dict[str, str]]:
    """Read a header mapping file (JSON).

    The file maps a billing system's column names to the contract's, either for
    every registry (``{"Лицевой счёт": "account"}``) or per registry kind, with
    ``"*"`` for all (``{"payments": {"Дата оплаты": "paid_on"}, "*": {…}}``).

    Returns:
        Registry kind (or ``"*"``) → {source header, lower-cased → contract name}.

    Raises:
        UserInputError: the file is missing or not such a JSON object.
    """
    try:
        loaded: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UserInputError(
            f"cannot read header mapping {path.name}: {error}",
            user_message=f"Не удалось прочитать файл соответствия колонок {path}: "
            f"ожидается JSON-объект «колонка в файле» → «колонка реестра».",
        ) from error
    if not isinstance(loaded, dict):
        loaded = None
    elif all(isinstance(value, str) for value in loaded.values()):
        loaded = {"*": loaded}
    if loaded is None or not all(
        isinstance(table, dict) and all(isinstance(v, str) for v in table.values())
        for table in loaded.values()
    ):
        raise UserInputError(
            f"header mapping {path.name} is not an object of strings",
            user_message=f"Файл соответствия колонок {path} должен быть JSON-объектом "
            'вида {{"Лицевой счёт": "account"}} или {{"payments": {{…}}}}.',
        )
    return {
        kind: {
            source.strip().lower(): target.strip() for source, target in table.items()
        }
        for kind, table in loaded.items()
    }


def rename_header(
    header: tuple[str, ...], mapping: Mapping[str, Mapping[str, str]], kind: str
) -> tuple[str, ...]:
    """Return the contract names of a file's columns (unmapped names lower-cased)."""
    renames = {**mapping.get("*", {}), **mapping.get(kind, {})}
    names = []
    for column in header:
        key = column.strip().lower()
        names.append(renames.get(key, key))
    return tuple(names)


def decode_registry(data: bytes, *, name: str) -> tuple[str, str]:
    """Decode a registry CSV, detecting its encoding.

    A byte-order mark is believed (UTF-8, UTF-16); strict UTF-8 is believed
    (8-bit Cyrillic is never valid UTF-8 by accident); otherwise each code page
    of :data:`REGISTRY_CODEPAGES` is scored by the Russian letter pairs its
    reading makes (:func:`indexer.parse.encoding.russian_score`), and the best
    one that reads as Russian wins. A file too short to score (a name or two)
    takes the first code page whose words look like words: one script each,
    written in lower case, capitalised or in capitals. Only the first
    :data:`SCORED_BYTES` are scored; an all-capitals KOI8-R file of
    abbreviations alone may still be read as Windows-1251.

    Returns:
        The text and the codec name.

    Raises:
        DataError: a file with NUL bytes (UTF-16 without a BOM, a binary file),
            or one that reads as Russian in none of the accepted encodings.
    """
    bom = sniff_bom(data)
    if bom is not None:
        text = data.decode(bom, errors="replace").removeprefix("\ufeff")
        return text, bom
    if b"\x00" in data:
        raise _encoding_error(name, "NUL bytes without a byte-order mark")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    readings = {}
    for codepage in REGISTRY_CODEPAGES:
        try:
            readings[codepage] = data.decode(codepage)
        except UnicodeDecodeError:
            continue
    scores = {
        codepage: russian_score(
            " ".join(_CYRILLIC_WORD_RE.findall(text[:SCORED_BYTES]))
        )
        for codepage, text in readings.items()
    }
    best = max(scores, key=scores.__getitem__, default=None)
    if best is not None and scores[best] >= MIN_RUSSIAN_SCORE:
        return readings[best], best
    for codepage, text in readings.items():
        if _has_word_shapes(text[:SCORED_BYTES]):
            return text, codepage
    raise _encoding_error(name, "no code page reads as Russian")


def _has_word_shapes(text: str) -> bool:
    """Whether the text is only ASCII, Cyrillic and typography, in word shapes.

    Every word must be in one script and written in lower case, capitalised or
    in capitals: «Пётр», «ФССП», «счёт», never «рЈФТ» or «Mьller».
    """
    if not all(
        char.isascii() or char in TYPOGRAPHY or _CYRILLIC_WORD_RE.fullmatch(char)
        for char in set(text)
    ):
        return False
    return all(
        (_CYRILLIC_WORD_RE.fullmatch(word) or word.isascii())
        and (word.islower() or word.isupper() or word.istitle())
        for word in _WORD_RE.findall(text)
    )


def _encoding_error(name: str, why: str) -> DataError:
    return DataError(
        f"{name}: unknown text encoding ({why})",
        user_message=(
            f"{name}: кодировка файла не распознана — текст не читается по-русски. "
            f"Допустимы кодировки {ACCEPTED_ENCODINGS_RU}; сохраните файл в UTF-8."
        ),
    )


def _read_csv(data: bytes, *, name: str) -> Table:
    text, encoding = decode_registry(data, name=name)
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise DataError(
            f"{name}: empty file or empty first line",
            user_message=f"{name}: файл пуст или первая строка (заголовок) пуста.",
        )
    delimiter = max(DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = tuple(cell.strip() for cell in next(reader))

    def rows() -> Iterator[tuple[int, list[str]]]:
        for cells in reader:
            if "".join(cells).strip():
                yield reader.line_num, cells

    logger.debug(
        "CSV %s: %s, delimiter %r, %d columns",
        name,
        encoding,
        delimiter,
        len(header),
    )
    return Table("csv", encoding, delimiter, header, 1, rows())


def _read_xlsx(data: bytes, *, name: str) -> Table:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        # openpyxl raises zipfile, KeyError and its own errors for broken files.
        raise DataError(
            f"{name}: not a readable XLSX workbook: {type(error).__name__}",
            user_message=f"{name}: файл не читается как книга Excel (XLSX).",
        ) from error
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    header_cells = next(values, None)
    if header_cells is None or not any(cell is not None for cell in header_cells):
        workbook.close()
        raise DataError(
            f"{name}: the first sheet has no header row",
            user_message=f"{name}: на первом листе нет строки заголовка.",
        )
    header = tuple(_cell_text(cell).strip() for cell in header_cells)

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, cells in enumerate(values, start=2):
                texts = [_cell_text(cell) for cell in cells]
                if any(text.strip() for text in texts):
                    yield number, texts
        finally:
            workbook.close()

    return Table("xlsx", None, None, header, 1, rows())


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        # The shortest text that reads back as the same float: 1234.56, not
        # 1234.5599999999999.
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, int | Decimal):
        return str(value)
    return str(value)
