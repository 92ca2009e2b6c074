"""Tests of indexer.parse.html on hand-written pages and the real corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.errors import ParseError
from indexer.parse.html import parse_html
from indexer.parsed import FileFormat

REAL = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus" / "real"

# Signs of text decoded with the wrong code page: UTF-8 read as cp1251 ("Р°",
# "РЎ", "С‚") or as latin-1 ("Ð", "Ñ"), and the replacement character.
MOJIBAKE = ("\ufffd", "Ð", "Ñ", "Ã", "Р°", "РЎ", "С‚")


def _page(body: str, *, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("<p>Первый</p><p>Второй</p>", "Первый\nВторой", id="paragraphs"),
        pytest.param("<div>Строка<br>Следующая</div>", "Строка\nСледующая", id="br"),
        pytest.param(
            "<p>До</p><script>var x = 'Скрипт';</script><style>p{}</style><p>После</p>",
            "До\nПосле",
            id="script-style-dropped",
        ),
        pytest.param(
            "<!--[if gte mso 9]><xml><w:View>Print</w:View></xml><![endif]--><p>Текст</p>",
            "Текст",
            id="word-conditional-comment-dropped",
        ),
        pytest.param(
            "<table><tr><th>Дата</th><th>Сумма</th></tr>"
            "<tr><td><p>01.02.2023</p></td><td>1 500,00</td></tr></table>",
            "Дата\tСумма\n01.02.2023\t1 500,00",
            id="table-rows",
        ),
        pytest.param(
            "<table><tr><td><table><tr><td>а</td><td>б</td></tr></table>"
            "<p>Абзац</p></td></tr></table>",
            "а\tб\nАбзац",
            id="layout-table-keeps-lines",
        ),
        pytest.param(
            "<p>проживающей по &lt;адрес&gt;, ФИО1</p>",
            "проживающей по <адрес>, ФИО1",
            id="escaped-placeholder",
        ),
        pytest.param(
            "<p>проживающей по <адрес>, ДД.ММ.ГГГГ</p>",
            "проживающей по <адрес>, ДД.ММ.ГГГГ",
            id="raw-placeholder-survives",
        ),
        pytest.param(
            "<p>О П Р Е Д Е Л Е Н И Е</p><p>у с т а н о в и л а:</p>",
            "ОПРЕДЕЛЕНИЕ\nустановила:",
            id="letter-spacing-normalized",
        ),
        pytest.param("<pre>a  b\n  c</pre>", "a b\nc", id="pre-keeps-lines"),
        pytest.param(
            '<div style="visibility:hidden"><p>Карточка дела</p></div>',
            "Карточка дела",
            id="css-hidden-kept",
        ),
    ],
)
def test_parse_html_renders_visible_text(
    tmp_path: Path, body: str, expected: str
) -> None:
    path = tmp_path / "page.html"
    path.write_text(_page(body), encoding="utf-8")

    parsed = parse_html(path)

    assert (parsed.text, parsed.format, parsed.encoding) == (
        expected,
        FileFormat.HTML,
        "utf-8",
    )


@pytest.mark.parametrize(
    ("meta", "encoding", "expected"),
    [
        pytest.param("windows-1251", "utf-8", "utf-8", id="meta-lies-bytes-utf8"),
        pytest.param("windows-1251", "cp1251", "cp1251", id="meta-true-1251"),
        pytest.param("koi8-r", "koi8_r", "koi8-r", id="meta-true-koi8"),
        pytest.param("utf-8", "cp1251", "cp1251", id="meta-utf8-bytes-1251"),
        pytest.param(None, "koi8_r", "koi8-r", id="no-meta-koi8"),
    ],
)
def test_parse_html_sniffs_charset(
    tmp_path: Path, meta: str | None, encoding: str, expected: str
) -> None:
    head = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">'
        if meta
        else ""
    )
    text = "Кассационный суд общей юрисдикции оставил определение без изменения"
    path = tmp_path / "page.htm"
    path.write_bytes(
        _page(f"<p>{text}</p>", head=head + "<title>Суд</title>").encode(encoding)
    )

    parsed = parse_html(path)

    assert (parsed.text, parsed.encoding, parsed.title) == (text, expected, "Суд")


def test_parse_html_empty_page_is_parse_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text(_page("<script>x()</script>"), encoding="utf-8")

    with pytest.raises(ParseError, match="HTML page shows no text"):
        parse_html(path)


def _real(prefix: str) -> Path:
    if not REAL.is_dir():
        pytest.skip("shared/corpus/real is not present")
    return next(REAL.glob(f"{prefix}_*"))


def _cyrillic_share(text: str) -> float:
    letters = re.findall(r"[^\W\d_]", text)
    cyrillic = [letter for letter in letters if re.match(r"[А-Яа-яЁё]", letter)]
    return len(cyrillic) / len(letters)


@pytest.mark.parametrize(
    ("prefix", "title", "phrases", "absent"),
    [
        pytest.param(
            "r01",
            None,
            [
                "Статья 544. Оплата энергии",
                "ЧАСТЬ ВТОРАЯ",
                "Принят Государственной Думой",
            ],
            ["Complex", "Print", "mso-", "&nbsp;"],
            id="r01-gk-word-html",
        ),
        pytest.param(
            "r02",
            None,
            ["Статья 155. Внесение платы за жилое помещение и коммунальные услуги"],
            ["Complex", "mso-"],
            id="r02-zhk",
        ),
        pytest.param(
            "r03",
            None,
            ["Статья 121. Судебный приказ"],
            ["Complex", "mso-"],
            id="r03-gpk",
        ),
        pytest.param(
            "r04",
            None,
            ["Жилищный кодекс РСФСР", "Великой Октябрьской социалистической"],
            [],
            id="r04-plain-html",
        ),
        pytest.param(
            "r06",
            "Информация по делу № 33-32495/2022 | Информация по гражданским делам "
            "апелляционной инстанции | Информация по судебным делам | Сервисы | "
            "Московский городской суд | Официальный портал судов общей юрисдикции города Москвы",
            [
                "Информация по делу № 33-32495/2022",
                "Дата\tСостояние\tДокумент-основание",
                "04.08.2022\tЗавершено\tОпределение суда апелляционной инстанции",
            ],
            ["function(", "document.cookie"],
            id="r06-case-card-no-charset",
        ),
        pytest.param(
            "r13",
            "Второй кассационный суд общей юрисдикции",
            [
                "ОПРЕДЕЛЕНИЕ\n14 мая 2026 года\tгород Москва",
                "Дело № 88-14715/2026",
                "установила:",
                "на решение Перовского районного суда <адрес> от ДД.ММ.ГГГГ",
            ],
            ["О П Р Е Д", "у с т а н"],
            id="r13-charset-lie",
        ),
    ],
)
def test_parse_html_real_pages(
    prefix: str, title: str | None, phrases: list[str], absent: list[str]
) -> None:
    parsed = parse_html(_real(prefix))

    assert parsed.encoding == "utf-8"
    assert parsed.title == title
    assert _cyrillic_share(parsed.text) > 0.6
    assert [marker for marker in MOJIBAKE if marker in parsed.text] == []
    assert [phrase for phrase in phrases if phrase not in parsed.text] == []
    assert [junk for junk in absent if junk in parsed.text] == []


RAISED_INDEX_CASES = [
    (
        "<style>.W9{vertical-align:top; font-size:9pt}</style>"
        '<p>Статья 157<span class="W9">1</span>. Ограничение</p>',
        "Статья 157.1. Ограничение",
    ),
    ("<p>Статья 155<sup>1</sup> ЖК РФ</p>", "Статья 155.1 ЖК РФ"),
    ("<p>площадь 45 м<sup>2</sup></p>", "площадь 45 м2"),
    ('<p>Статья 157<span class="W2">1</span></p>', "Статья 1571"),
]


@pytest.mark.parametrize(
    ("body", "expected"),
    RAISED_INDEX_CASES,
    ids=["css-class", "sup", "unit", "plain-span"],
)
def test_parse_html_writes_raised_article_index_with_a_dot(
    tmp_path: Path, body: str, expected: str
) -> None:
    page = tmp_path / "page.html"
    page.write_text(f"<html><head></head><body>{body}</body></html>", encoding="utf-8")
    assert parse_html(page).text == expected
