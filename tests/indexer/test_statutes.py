"""Tests for indexer.statutes: act detection and the article splitter."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.statutes import StatuteArticle, detect_act, split_statute

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "corpus_samples" / "statutes"
REAL = REPO / ".." / "shared" / "corpus" / "real"

GK_SAMPLE = SAMPLES / "gk_rf_539-548_energosnabzhenie.txt"
ZHK_SAMPLE = SAMPLES / "zhk_rf_153-157_plata.txt"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _by_key(articles: list[StatuteArticle]) -> dict[str, StatuteArticle]:
    return {article.key: article for article in articles}


# --- detect_act ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "РОССИЙСКАЯ ФЕДЕРАЦИЯ\n\nГражданский кодекс Российской Федерации\n\n"
            "ЧАСТЬ ВТОРАЯ\n",
            "gk_rf",
            id="civil-code-pravo-title",
        ),
        pytest.param(
            "ГРАЖДАНСКИЙ ПРОЦЕССУАЛЬНЫЙ КОДЕКС РОССИЙСКОЙ ФЕДЕРАЦИИ\n",
            "gpk_rf",
            id="civil-procedure-upper-case",
        ),
        pytest.param(
            "Налоговый  кодекс\u00a0Российской Федерации (часть вторая)\n",
            "nk_rf",
            id="tax-code-odd-spaces",
        ),
        pytest.param("Жилищный кодекс РСФСР\n", "zhk_rsfsr", id="rsfsr-housing"),
        pytest.param(
            "Постановление Правительства РФ от 06.05.2011 № 354\n"
            "«О предоставлении коммунальных услуг…»\n",
            "pp_354",
            id="decree-354-title",
        ),
        pytest.param(
            "ПРАВИЛА ПРЕДОСТАВЛЕНИЯ КОММУНАЛЬНЫХ УСЛУГ СОБСТВЕННИКАМ И ПОЛЬЗОВАТЕЛЯМ\n",
            "pp_354",
            id="rules-354-title",
        ),
        pytest.param(
            "Федеральный закон\n«Об исполнительном производстве»\n",
            "fz_229",
            id="fz-229",
        ),
        pytest.param(
            "РЕШЕНИЕ\nИменем Российской Федерации\n"
            "Гражданский кодекс Российской Федерации\n",
            None,
            id="court-decision-is-not-a-statute",
        ),
        pytest.param(
            "Суд руководствуется ст. 544 Гражданского кодекса Российской Федерации.\n",
            None,
            id="citation-in-a-sentence",
        ),
    ],
)
def test_detect_act_recognises_title_lines(text: str, expected: str | None) -> None:
    assert detect_act(text) == expected


def test_detect_act_falls_back_to_name() -> None:
    assert detect_act(
        "Статья 1. Текст\n", name="Жилищный кодекс Российской Федерации"
    ) == ("zhk_rf")
    assert detect_act("Статья 1. Текст\n", name="report.txt") is None


def test_detect_act_ignores_title_beyond_window() -> None:
    text = "x\n" * 1500 + "Гражданский кодекс Российской Федерации\n"
    assert detect_act(text) is None


# --- split_statute on our sample files ----------------------------------------


def test_split_statute_gk_sample_has_articles_539_to_548() -> None:
    text = _read(GK_SAMPLE)
    assert detect_act(text) == "gk_rf"
    articles = split_statute(text, "gk_rf")
    assert [a.key for a in articles] == [f"gk_rf:{n}" for n in range(539, 549)]
    titles = _by_key(articles)
    assert titles["gk_rf:544"].title == "ст. 544 ГК РФ. Оплата энергии"
    assert titles["gk_rf:539"].title == "ст. 539 ГК РФ. Договор энергоснабжения"
    assert titles["gk_rf:545"].heading == "Субабонент"


def test_split_statute_gk_sample_offsets_and_text() -> None:
    text = _read(GK_SAMPLE)
    article = _by_key(split_statute(text, "gk_rf"))["gk_rf:544"]
    assert text[article.start : article.end] == article.text
    assert article.text.startswith("Статья 544. Оплата энергии\n")
    assert article.text.endswith("иными правовыми актами или соглашением сторон.")
    assert article.number == "544"
    assert article.act == "gk_rf"


def test_split_statute_last_sample_article_stops_at_text_end() -> None:
    articles = split_statute(_read(GK_SAMPLE), "gk_rf")
    assert articles[-1].text.endswith("или не вытекает из существа обязательства.")


def test_split_statute_keeps_structure_headings_out_of_articles() -> None:
    text = _read(GK_SAMPLE)
    articles = split_statute(text, "gk_rf")
    assert text[: articles[0].start].rstrip().endswith("§ 6. Энергоснабжение")
    assert all("§ 6." not in a.text and "Глава 30" not in a.text for a in articles)


def test_split_statute_zhk_sample_with_dotted_articles() -> None:
    text = _read(ZHK_SAMPLE)
    assert detect_act(text) == "zhk_rf"
    articles = split_statute(text, "zhk_rf")
    assert [a.number for a in articles] == [
        "153",
        "154",
        "155",
        "156",
        "156.1",
        "157",
        "157.1",
        "157.2",
        "157.3",
    ]
    by_key = _by_key(articles)
    assert by_key["zhk_rf:155"].title == (
        "ст. 155 ЖК РФ. Внесение платы за жилое помещение и коммунальные услуги"
    )
    assert (
        "\n14. Лица, несвоевременно и (или) не полностью" in by_key["zhk_rf:155"].text
    )
    assert by_key["zhk_rf:157.3"].title == (
        "ст. 157.3 ЖК РФ. Условия предоставления коммунальной услуги газоснабжения"
    )


# --- split_statute on constructed texts ---------------------------------------


@pytest.mark.parametrize(
    ("heading_line", "number"),
    [
        pytest.param(
            "Статья 333.19. Размеры государственной пошлины", "333.19", id="dotted"
        ),
        pytest.param("Статья 229². Порядок", "229.2", id="unicode-superscript"),
        pytest.param("Статья 229 2. Порядок", "229.2", id="spaced-superscript"),
        pytest.param("Статья 2292. Порядок", "229.2", id="flattened-superscript"),
    ],
)
def test_split_statute_reads_inserted_article_numbers(
    heading_line: str, number: str
) -> None:
    text = f"Статья 229. Основа\nТекст.\n{heading_line}\nТекст вставленной статьи.\n"
    articles = split_statute(text, "apk_rf")
    assert [a.number for a in articles] == ["229", number]
    assert articles[1].key == f"apk_rf:{number}"
    assert articles[1].heading in {"Размеры государственной пошлины", "Порядок"}


def test_split_statute_plain_next_article_is_not_read_as_inserted() -> None:
    text = (
        "Статья 6. Первая\nА.\nСтатья 7. Вторая\nБ.\nСтатья 61. Шестьдесят первая\nВ.\n"
    )
    numbers = [a.number for a in split_statute(text, "gpk_rf")]
    assert numbers == ["6", "7", "61"]


def test_split_statute_keeps_repealed_article() -> None:
    text = (
        "Статья 379. Первая\nТекст.\n"
        "Статья 380. \n(Статья утратила силу - Федеральный закон от 04.12.2007 № 330-ФЗ)\n"
        "Статья 381. Третья\nТекст.\n"
    )
    articles = _by_key(split_statute(text, "gpk_rf"))
    repealed = articles["gpk_rf:380"]
    assert repealed.heading == ""
    assert repealed.title == "ст. 380 ГПК РФ. Утратила силу"
    assert repealed.text == (
        "Статья 380. \n(Статья утратила силу - Федеральный закон от 04.12.2007 № 330-ФЗ)"
    )


def test_split_statute_signature_closes_last_article() -> None:
    text = (
        "Статья 1109. Последняя\nТекст статьи.\n\n"
        "Президент Российской Федерации      Б.Ельцин\nМосква, Кремль\n"
    )
    (article,) = split_statute(text, "gk_rf")
    assert article.text == "Статья 1109. Последняя\nТекст статьи."


def test_split_statute_body_sentence_starting_with_article_word_is_not_a_heading() -> (
    None
):
    text = (
        "Статья 10. Начало\nСтатья 5 настоящего Кодекса применяется.\nГлава 5 тоже.\n"
    )
    (article,) = split_statute(text, "zhk_rf")
    assert article.text.endswith("Глава 5 тоже.")


def test_split_statute_points_of_decree_rules() -> None:
    # Structure only; the wording is a placeholder, not the text of the decree.
    text = (
        "XI. Раздел о порядке\n\n"
        "114. Первый пункт раздела с довольно длинным текстом для заголовка пункта.\n"
        "1. нумерованная строка внутри пункта\n"
        "115. Второй пункт:\nа) подпункт;\n"
        "121(1). Вставленный пункт.\n"
        "122. Последний пункт.\n\n"
        "XII. Следующий раздел\n"
    )
    points = split_statute(text, "pp_354")
    assert [p.key for p in points] == [
        "pp_354:114",
        "pp_354:115",
        "pp_354:121(1)",
        "pp_354:122",
    ]
    assert points[0].title == (
        "п. 114 ПП РФ № 354. Первый пункт раздела с довольно длинным текстом для…"
    )
    assert points[0].text.endswith("1. нумерованная строка внутри пункта")
    assert points[3].title == "п. 122 ПП РФ № 354. Последний пункт."
    assert points[3].text == "122. Последний пункт."
    assert points[0].heading == ""


def test_split_statute_unknown_act_raises() -> None:
    with pytest.raises(KeyError):
        split_statute("Статья 1. X\n", "no_such_act")


# --- split_statute on the real codes (shared corpus) --------------------------

REAL_CODES = {
    "gk_rf": "r01_gk_rf_part2_pravo_nd102039276.html",
    "zhk_rf": "r02_zhk_rf_pravo_nd102090645.html",
    "gpk_rf": "r03_gpk_rf_pravo_nd102078828.html",
}


def _real_text(act: str) -> str:
    path = REAL / REAL_CODES[act]
    if not path.exists():
        pytest.skip("shared corpus not present")
    try:
        from indexer.parse import parse_file

        return parse_file(path).text
    except ImportError:  # pragma: no cover - only before the HTML parser lands
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(path.read_bytes(), "lxml")
        return "\n".join(p.get_text("") for p in soup.find_all("p")).replace(
            "\u00a0", " "
        )


@pytest.fixture(scope="module")
def real_articles() -> dict[str, list[StatuteArticle]]:
    return {act: split_statute(_real_text(act), act) for act in REAL_CODES}


# Measured on the pravo.gov.ru exports r01 (ГК ч. 2: arts. 454–1109), r02 (ЖК:
# 1–202) and r03 (ГПК: 1–446), parsed by indexer.parse.parse_file: total
# articles, inserted (dotted) ones, repealed ones.
@pytest.mark.parametrize(
    ("act", "total", "dotted", "repealed", "first", "last"),
    [
        pytest.param("gk_rf", 685, 29, 3, "gk_rf:454", "gk_rf:1109", id="gk-part2"),
        pytest.param("zhk_rf", 243, 41, 1, "zhk_rf:1", "zhk_rf:202", id="zhk"),
        pytest.param("gpk_rf", 498, 114, 15, "gpk_rf:1", "gpk_rf:446", id="gpk"),
    ],
)
def test_split_statute_real_code_counts(
    real_articles: dict[str, list[StatuteArticle]],
    act: str,
    total: int,
    dotted: int,
    repealed: int,
    first: str,
    last: str,
) -> None:
    articles = real_articles[act]
    assert detect_act(_real_text(act)) == act
    assert len(articles) == total
    assert len({a.key for a in articles}) == total
    assert sum("." in a.number for a in articles) == dotted
    assert sum(a.title.endswith("Утратила силу") for a in articles) == repealed
    assert (articles[0].key, articles[-1].key) == (first, last)


def test_split_statute_real_gk_544(
    real_articles: dict[str, list[StatuteArticle]],
) -> None:
    article = _by_key(real_articles["gk_rf"])["gk_rf:544"]
    assert article.title == "ст. 544 ГК РФ. Оплата энергии"
    assert article.text.endswith("иными правовыми актами или соглашением сторон.")
    last = _by_key(real_articles["gk_rf"])["gk_rf:548"]
    assert "§ 7" not in last.text
    assert "Президент" not in real_articles["gk_rf"][-1].text


def test_split_statute_real_zhk_155(
    real_articles: dict[str, list[StatuteArticle]],
) -> None:
    by_key = _by_key(real_articles["zhk_rf"])
    assert (
        by_key["zhk_rf:155"].heading
        == "Внесение платы за жилое помещение и коммунальные услуги"
    )
    assert by_key["zhk_rf:156.1"].number == "156.1"
    assert by_key["zhk_rf:139"].title == "ст. 139 ЖК РФ. Утратила силу"


GPK_COURT_ORDER_HEADINGS = {
    121: "Судебный приказ",
    122: "Требования, по которым выдается судебный приказ",
    123: "Подача заявления о вынесении судебного приказа",
    124: "Форма и содержание заявления о вынесении судебного приказа",
    125: "Основания для возвращения заявления о вынесении судебного приказа "
    "или отказа в его принятии",
    126: "Порядок вынесения судебного приказа",
    127: "Содержание судебного приказа",
    128: "Извещение должника о вынесении судебного приказа",
    129: "Отмена судебного приказа",
    130: "Выдача судебного приказа взыскателю",
}


def test_split_statute_real_gpk_court_order_chapter(
    real_articles: dict[str, list[StatuteArticle]],
) -> None:
    by_key = _by_key(real_articles["gpk_rf"])
    headings = {n: by_key[f"gpk_rf:{n}"].heading for n in GPK_COURT_ORDER_HEADINGS}
    assert headings == GPK_COURT_ORDER_HEADINGS
    assert by_key["gpk_rf:380.1"].title == "ст. 380.1 ГПК РФ. Утратила силу"


def test_detect_act_rejects_every_generated_court_document() -> None:
    from lexdesk.synth.corpus import build_documents

    detected = {doc.file: detect_act(doc.text) for doc in build_documents()}
    assert len(detected) == 34
    assert set(detected.values()) == {None}
