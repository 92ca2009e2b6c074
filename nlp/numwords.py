"""Russian number words, both ways: reading «двенадцать тысяч» and writing 12 000.

Court acts and claims write amounts in words, usually in the nominative
(«двенадцать тысяч триста сорок пять рублей») and sometimes in the genitive
(«в размере двенадцати тысяч рублей»). :data:`NUMBER_WORDS` maps every form the
readers accept to its value; :func:`parse_number_words` adds them up and
:func:`number_to_words` writes an integer back in the nominative with the gender of
the counted noun («одна тысяча», «два рубля», «две копейки»).
"""

from __future__ import annotations

import enum
import re

from lexdesk.errors import UserInputError


class Gender(enum.Enum):
    """Grammatical gender of a counted noun: it changes «один»/«одна», «два»/«две»."""

    MASCULINE = "m"  # рубль, миллион
    FEMININE = "f"  # тысяча, копейка


def _forms(value: int, *words: str) -> dict[str, int]:
    return dict.fromkeys(words, value)


# Every accepted form of every number word → its value. Nominative/accusative and
# the genitive/dative/instrumental forms that amounts in words actually take
# («до двенадцати тысяч», «двумястами»); «ё» is accepted both ways.
NUMBER_WORDS: dict[str, int] = {
    **_forms(0, "ноль", "нуля", "нулю", "нулем", "нолем"),
    **_forms(1, "один", "одна", "одно", "одного", "одной", "одному", "одним", "одну"),
    **_forms(2, "два", "две", "двух", "двум", "двумя"),
    **_forms(3, "три", "трех", "трёх", "трем", "трём", "тремя"),
    **_forms(4, "четыре", "четырех", "четырёх", "четырем", "четырём", "четырьмя"),
    **_forms(5, "пять", "пяти", "пятью"),
    **_forms(6, "шесть", "шести", "шестью"),
    **_forms(7, "семь", "семи", "семью"),
    **_forms(8, "восемь", "восьми", "восемью", "восьмью"),
    **_forms(9, "девять", "девяти", "девятью"),
    **_forms(10, "десять", "десяти", "десятью"),
    **_forms(11, "одиннадцать", "одиннадцати"),
    **_forms(12, "двенадцать", "двенадцати"),
    **_forms(13, "тринадцать", "тринадцати"),
    **_forms(14, "четырнадцать", "четырнадцати"),
    **_forms(15, "пятнадцать", "пятнадцати"),
    **_forms(16, "шестнадцать", "шестнадцати"),
    **_forms(17, "семнадцать", "семнадцати"),
    **_forms(18, "восемнадцать", "восемнадцати"),
    **_forms(19, "девятнадцать", "девятнадцати"),
    **_forms(20, "двадцать", "двадцати"),
    **_forms(30, "тридцать", "тридцати"),
    **_forms(40, "сорок", "сорока"),
    **_forms(50, "пятьдесят", "пятидесяти"),
    **_forms(60, "шестьдесят", "шестидесяти"),
    **_forms(70, "семьдесят", "семидесяти"),
    **_forms(80, "восемьдесят", "восьмидесяти"),
    **_forms(90, "девяносто", "девяноста"),
    **_forms(100, "сто", "ста"),
    **_forms(200, "двести", "двухсот", "двумстам", "двумястами"),
    **_forms(300, "триста", "трехсот", "трёхсот", "тремстам", "тремястами"),
    **_forms(400, "четыреста", "четырехсот", "четырёхсот", "четыремстам"),
    **_forms(500, "пятьсот", "пятисот", "пятистам", "пятьюстами"),
    **_forms(600, "шестьсот", "шестисот", "шестистам"),
    **_forms(700, "семьсот", "семисот", "семистам"),
    **_forms(800, "восемьсот", "восьмисот", "восьмистам"),
    **_forms(900, "девятьсот", "девятисот", "девятистам"),
    **_forms(1000, "тысяча", "тысячи", "тысяч", "тысячу", "тысячам", "тысячами"),
    **_forms(10**6, "миллион", "миллиона", "миллионов", "миллиону", "миллионами"),
    **_forms(10**9, "миллиард", "миллиарда", "миллиардов", "миллиарду"),
}

# Values that multiply what precedes them rather than add to it.
_SCALES = (10**9, 10**6, 1000)

# One number word as a whole word, longest forms first so that «тысячами» is not
# read as «тысяча» plus a tail. Matches «двенадцать», «тысяч», «девяноста».
NUMBER_WORD_PATTERN = (
    r"(?<![а-яёА-ЯЁ])(?:"
    + "|".join(sorted(NUMBER_WORDS, key=lambda w: (-len(w), w)))
    + r")(?![а-яёА-ЯЁ])"
)

# Separators between number words: spaces and the odd comma.
_SEPARATOR_RE = re.compile(r"[\s,]+")

_UNITS = {
    Gender.MASCULINE: (
        "",
        "один",
        "два",
        "три",
        "четыре",
        "пять",
        "шесть",
        "семь",
        "восемь",
        "девять",
    ),
    Gender.FEMININE: (
        "",
        "одна",
        "две",
        "три",
        "четыре",
        "пять",
        "шесть",
        "семь",
        "восемь",
        "девять",
    ),
}
_TEENS = (
    "десять",
    "одиннадцать",
    "двенадцать",
    "тринадцать",
    "четырнадцать",
    "пятнадцать",
    "шестнадцать",
    "семнадцать",
    "восемнадцать",
    "девятнадцать",
)
_TENS = (
    "",
    "",
    "двадцать",
    "тридцать",
    "сорок",
    "пятьдесят",
    "шестьдесят",
    "семьдесят",
    "восемьдесят",
    "девяносто",
)
_HUNDREDS = (
    "",
    "сто",
    "двести",
    "триста",
    "четыреста",
    "пятьсот",
    "шестьсот",
    "семьсот",
    "восемьсот",
    "девятьсот",
)
# (gender, one, few, many) of each scale word, largest first.
_SCALE_NOUNS = (
    (10**9, Gender.MASCULINE, ("миллиард", "миллиарда", "миллиардов")),
    (10**6, Gender.MASCULINE, ("миллион", "миллиона", "миллионов")),
    (1000, Gender.FEMININE, ("тысяча", "тысячи", "тысяч")),
)


def plural_form(number: int, forms: tuple[str, str, str]) -> str:
    """Pick the noun form that agrees with ``number``.

    Args:
        number: the count (its absolute value is used).
        forms: the forms for one, few and many: ``("рубль", "рубля", "рублей")``.

    Returns:
        ``forms[0]`` for 1, 21, 101…; ``forms[1]`` for 2–4, 22–24…; else ``forms[2]``
        (including 11–14, which take the «many» form).
    """
    n = abs(number)
    if n % 100 in range(11, 15):
        return forms[2]
    if n % 10 == 1:
        return forms[0]
    if n % 10 in (2, 3, 4):
        return forms[1]
    return forms[2]


def _triple_to_words(number: int, gender: Gender) -> list[str]:
    hundreds, rest = divmod(number, 100)
    words = [_HUNDREDS[hundreds]]
    if 10 <= rest < 20:
        words.append(_TEENS[rest - 10])
    else:
        tens, units = divmod(rest, 10)
        words += [_TENS[tens], _UNITS[gender][units]]
    return [w for w in words if w]


def number_to_words(number: int, *, gender: Gender = Gender.MASCULINE) -> str:
    """Write a non-negative integer in Russian words, nominative case.

    Args:
        number: 0 up to 999 999 999 999.
        gender: gender of the noun being counted; affects the last one or two
            («одна копейка», «две тысячи»).

    Returns:
        The words, e.g. ``number_to_words(12345)`` →
        «двенадцать тысяч триста сорок пять».

    Raises:
        UserInputError: the number is negative or too large.
    """
    if not 0 <= number < 10**12:
        raise UserInputError(
            f"number out of range for words: {number}",
            user_message=f"Число {number} нельзя записать прописью (допустимо 0 … 10¹² − 1)",
        )
    if number == 0:
        return "ноль"
    words: list[str] = []
    for scale, scale_gender, forms in _SCALE_NOUNS:
        count, number = divmod(number, scale)
        if count:
            words += _triple_to_words(count, scale_gender)
            words.append(plural_form(count, forms))
    words += _triple_to_words(number, gender)
    return " ".join(words)


def parse_number_words(text: str) -> int | None:
    """Read a number written in Russian words.

    Args:
        text: number words separated by spaces, in any case form listed in
            :data:`NUMBER_WORDS`, e.g. «один миллион двести тысяч сорок».

    Returns:
        The value (1 200 040 for the example), or None when a word is not a number
        word or the words do not form a number («тысяча миллион»).
    """
    total = 0  # completed scale groups
    group = 0  # the group being read, below 1000
    last_scale = 10**12
    words = [w for w in _SEPARATOR_RE.split(text.lower()) if w]
    if not words:
        return None
    for word in words:
        value = NUMBER_WORDS.get(word)
        if value is None:
            return None
        if value in _SCALES:
            if value >= last_scale:
                return None
            total += (group or 1) * value
            group = 0
            last_scale = value
        else:
            group += value
    return total + group
