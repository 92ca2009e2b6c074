"""Tests of indexer.parse.rtf on hand-written RTF and the real r09 decision."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.errors import ParseError
from indexer.parse.rtf import parse_rtf
from indexer.parsed import FileFormat

REAL = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus" / "real"

MOJIBAKE = ("\ufffd", "Ð", "Ñ", "Ã", "à", "è", "Р°")

# Headers of hand-written documents: ANSI code page 1251 with a Cyrillic font,
# and a cp1252 document whose Cyrillic font says \fcharset204.
HEAD_1251 = r"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0\fswiss\fcharset204 Arial;}}"
HEAD_1252 = (
    r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\froman\fcharset0 Times;}"
    r"{\f1\fswiss\fcharset204 Arial;}}"
)


def _write(tmp_path: Path, source: str) -> Path:
    path = tmp_path / "decision.rtf"
    path.write_bytes(source.encode("ascii"))
    return path


@pytest.mark.parametrize(
    ("source", "expected", "encoding"),
    [
        pytest.param(
            HEAD_1251 + r"\pard \'d0\'e5\'f8\'e5\'ed\'e8\'e5\par}", "Решение", "cp1251",
            id="hex-escapes-ansicpg",
        ),
        pytest.param(
            HEAD_1252 + r"\pard\f1 \'d1\'f3\'e4\f0  court\par}", "Суд court", "cp1251",
            id="hex-escapes-font-charset",
        ),
        pytest.param(
            r"{\rtf1\ansi\ansicpg1252\uc0 \u1056\u1077\u1096\u1077\u1085\u1080\u1077\par}",
            "Решение", "cp1252", id="unicode-uc0",
        ),
        pytest.param(
            r"{\rtf1\ansi\ansicpg1251\uc1 \u1057?\u1091?\u1076?\par}", "Суд", "cp1251",
            id="unicode-uc1-fallback-skipped",
        ),
        pytest.param(
            r"{\rtf1\ansi\ansicpg1251\uc2 \u1057\'d1\'d1\u1091\'f3\'f3\par}", "Су", "cp1251",
            id="unicode-uc2-hex-fallback-skipped",
        ),
        pytest.param(
            r"{\rtf1\ansi\uc1 {\u1071?}\u-3913?\par}", "Я\uf0b7", "cp1252",
            id="negative-code-and-group-end",
        ),
        pytest.param(
            r"{\rtf1\ansi A\tab B\line C\~D\_E\-F\emdash G\par}", "A\tB\nC D-EF\u2014G",
            "cp1252", id="control-words-and-symbols",
        ),
        pytest.param(
            r"{\rtf1\ansi{\*\generator Riched20;}{\info{\title Delo}{\author X}}"
            r"{\stylesheet{\s0 Normal;}}{\colortbl;\red0\green0\blue0;}"
            r"{\pict\pngblip 89504e47}{\*\bkmkstart a}Text\par}",
            "Text", "cp1252", id="destinations-skipped",
        ),
        pytest.param(
            r"{\rtf1\ansi{\field{\*\fldinst HYPERLINK ""consultantplus://offline/ref=1""}"
            r"{\fldrslt art. 395}}\par}",
            "art. 395", "cp1252", id="field-result-only",
        ),
        pytest.param(
            r"{\rtf1\ansi\trowd\cellx100\cellx200 A\cell B\cell\row\trowd C\cell D\cell\row}",
            "A\tB\nC\tD", "cp1252", id="table-rows",
        ),
        pytest.param(
            r"{\rtf1\ansi X{\pict\bin4 }{}}}Y\par}", "XY", "cp1252", id="binary-data-skipped"
        ),
        pytest.param(
            r"{\rtf1\ansi \u-10179?\u-8704?\par}", "\U0001f600", "cp1252", id="surrogate-pair"
        ),
    ],
)  # fmt: skip
def test_parse_rtf_decodes_text(
    tmp_path: Path, source: str, expected: str, encoding: str
) -> None:
    parsed = parse_rtf(_write(tmp_path, source))

    assert (parsed.text, parsed.encoding, parsed.format) == (
        expected,
        encoding,
        FileFormat.RTF,
    )


def test_parse_rtf_title_from_info(tmp_path: Path) -> None:
    source = r"{\rtf1\ansi\ansicpg1251{\info{\title \'c4\'e5\'eb\'ee 2-1}}Text\par}"

    assert parse_rtf(_write(tmp_path, source)).title == "Дело 2-1"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        pytest.param("plain text", "not an RTF document", id="not-rtf"),
        pytest.param(
            r"{\rtf1\ansi{\fonttbl{\f0 Arial;}}}",
            "RTF document has no text",
            id="empty",
        ),
    ],
)
def test_parse_rtf_errors(tmp_path: Path, source: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_rtf(_write(tmp_path, source))


def test_parse_rtf_real_uc0_decision() -> None:
    if not REAL.is_dir():
        pytest.skip("shared/corpus/real is not present")
    path = next(REAL.glob("r09_*"))

    parsed = parse_rtf(path)

    letters = re.findall(r"[^\W\d_]", parsed.text)
    cyrillic = [letter for letter in letters if re.match(r"[А-Яа-яЁё]", letter)]
    assert len(cyrillic) / len(letters) > 0.6
    assert [marker for marker in MOJIBAKE if marker in parsed.text] == []
    assert parsed.text.startswith(
        "Решение\nИменем Российской Федерации\n\n18.05.2021 года\tг. Москва"
    )
    phrases = [
        "гражданское дело № 2-224/2021",
        "Перовский районный суд г. Москвы",
        "кредитное соглашение № SE0298/1MSK от 26.04.2019 г.",
        "руководствуясь ст.ст. 194-199 ГПК РФ",
    ]
    assert [phrase for phrase in phrases if phrase not in parsed.text] == []
    assert parsed.text.endswith("Судья:")
    assert len(parsed.text) == 21353
