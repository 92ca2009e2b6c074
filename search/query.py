"""lexdesk's query language, parsed once into an AST that every backend compiles.

Syntax, as a lawyer types it (КонсультантПлюс and Westlaw habits)::

    задолженность электроэнергия      both words, in any of their forms
    "судебный приказ"                 the exact phrase (stop-words kept)
    "пени неустойка"~5                the words within 5 words of each other
    неустойка OR пени                 either (also ИЛИ, |)
    NOT отмена, -отмена               without (also НЕ)
    (пени OR неустойка) ст            grouping
    задолж*                           any word starting so
    kind:court_order                  a field: kind, court, judge, case, cites,
                                      outcome, date, amount
    date:2021-01-01..2021-12-31       a range; also date:>=2021-01-01, amount:>10000

Words are ANDed. Operators are recognised in upper case only, so the Russian
conjunctions «и», «или», «не» in lower case stay ordinary words.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lexdesk.errors import UserInputError


class QuerySyntaxError(UserInputError):
    """A query that cannot be parsed; ``position`` is the 0-based character offset."""

    def __init__(self, message: str, *, user_message: str, position: int) -> None:
        super().__init__(message, user_message=user_message)
        self.position = position


# Fields a query may name, with what their value is.
TEXT_FIELDS = frozenset({"kind", "court", "judge", "case", "cites", "outcome"})
RANGE_FIELDS = frozenset({"date", "amount"})
FIELDS = TEXT_FIELDS | RANGE_FIELDS

# Longest query accepted; longer ones are pasted documents, not queries.
MAX_QUERY_LENGTH = 2000
# Largest proximity window accepted in "…"~N.
MAX_SLOP = 100
# Deepest nesting of groups and NOTs: far beyond any real query, and well inside
# Python's recursion limit (a 1,000-character query can nest 500 levels).
MAX_DEPTH = 32
# Largest amount in amount: ranges, in roubles (no claim comes near a trillion).
MAX_AMOUNT = Decimal("1000000000000")

# Characters dropped from a query before parsing: soft hyphen, zero-width marks and
# the combining stress accent of dictionaries and textbooks («пе́ни» is «пени»).
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u0301"))
# Control characters other than tab and line breaks (which are spaces to us).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Term:
    """One word, matched in all its forms; ``prefix`` for ``word*``."""

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Words in this order; with ``slop`` they need only be within that many words."""

    words: tuple[str, ...]
    slop: int | None = None


@dataclass(frozen=True)
class FieldTerm:
    """``name:value`` for a text field (kind, court, judge, case, cites, outcome)."""

    name: str
    value: str


@dataclass(frozen=True)
class Range:
    """``name:lo..hi`` for a range field; either bound may be None (open)."""

    name: str
    low: dt.date | Decimal | None
    high: dt.date | Decimal | None
    include_low: bool = True
    include_high: bool = True


@dataclass(frozen=True)
class And:
    """All children must match."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """Any child may match."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """The child must not match."""

    child: Node


Node = Term | Phrase | FieldTerm | Range | And | Or | Not


@dataclass(frozen=True)
class _Token:
    kind: str  # WORD PHRASE FIELD LPAREN RPAREN OR AND NOT MINUS
    value: str
    start: int
    slop: int | None = None
    field_name: str = ""


# Token patterns, tried in this order at each position.
_TOKEN_RE = re.compile(
    r"""
    (?P<space>\s+)
    # "exact phrase" with an optional proximity ~N: "пени неустойка"~5
    |(?P<phrase>"(?P<phrase_body>[^"]*)"(?:~(?P<slop>\d+))?)
    # a quote that never closes
    |(?P<open_quote>")
    |(?P<lparen>\()
    |(?P<rparen>\))
    # field:value, value quoted or bare: court:"Свердловский районный", cites:gk_rf:544
    |(?P<field>(?P<fname>[A-Za-z_]+):(?:"(?P<fquoted>[^"]*)"|(?P<fbare>[^\s()"]*)))
    # a leading minus right before a word or group is NOT: -отмена
    |(?P<minus>-(?=[^\s-]))
    # a word: letters, digits and inner punctuation of case numbers (2-1234/2021),
    # article numbers (333.19) and prefixes (задолж*)
    |(?P<word>[^\s()"]+)
    """,
    re.VERBOSE,
)

_OPERATORS = {
    "OR": "OR",
    "ИЛИ": "OR",
    "|": "OR",
    "AND": "AND",
    "И": "AND",
    "&&": "AND",
    "NOT": "NOT",
    "НЕ": "NOT",
}


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        assert match is not None  # the word alternative matches any non-space run
        group = match.lastgroup
        start = match.start()
        if group == "open_quote":
            raise QuerySyntaxError(
                f"unclosed quote at {start}",
                user_message=(
                    f"Незакрытая кавычка: фраза, начатая в позиции {start + 1}, "
                    'не закрыта. Закройте её второй кавычкой ".'
                ),
                position=start,
            )
        if group == "phrase":
            slop = match.group("slop")
            tokens.append(
                _Token(
                    "PHRASE",
                    match.group("phrase_body"),
                    start,
                    slop=int(slop) if slop is not None else None,
                )
            )
        elif group == "field":
            value = match.group("fquoted")
            if value is None:
                value = match.group("fbare")
            tokens.append(
                _Token("FIELD", value, start, field_name=match.group("fname").lower())
            )
        elif group in {"lparen", "rparen", "minus"}:
            tokens.append(_Token(group.upper(), match.group(), start))
        elif group == "word":
            word = match.group()
            operator = _OPERATORS.get(word)
            tokens.append(_Token(operator or "WORD", word, start))
        pos = match.end()
    return tokens


class _Parser:
    """Recursive descent over the token list: or_expr := and_expr (OR and_expr)*."""

    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def error(self, message: str, user_message: str, position: int) -> QuerySyntaxError:
        return QuerySyntaxError(message, user_message=user_message, position=position)

    def parse(self) -> Node:
        node = self.or_expr()
        token = self.peek()
        if token is not None:
            # Only a stray closing parenthesis can stop or_expr early.
            raise self.error(
                f"unmatched ')' at {token.start}",
                f"Лишняя закрывающая скобка в позиции {token.start + 1}.",
                token.start,
            )
        return node

    def or_expr(self) -> Node:
        children = [self.and_expr()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            children.append(self.and_expr(after=token))
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self, after: _Token | None = None) -> Node:
        children: list[Node] = []
        while (token := self.peek()) is not None and token.kind not in {"OR", "RPAREN"}:
            if token.kind == "AND":
                self.take()
                following = self.peek()
                if following is None or following.kind in {"OR", "RPAREN", "AND"}:
                    raise self.error(
                        f"{token.value} without a right operand at {token.start}",
                        f"После оператора {token.value} в позиции {token.start + 1} "
                        "нужно слово или фраза.",
                        token.start,
                    )
                if not children:
                    raise self.error(
                        f"AND without a left operand at {token.start}",
                        f"Оператор {token.value} в позиции {token.start + 1} "
                        "стоит без слова слева.",
                        token.start,
                    )
                continue
            children.append(self.unary())
        if not children:
            position = token.start if token is not None else len(self.text)
            if after is not None:
                raise self.error(
                    f"{after.value} without a right operand at {after.start}",
                    f"После оператора {after.value} в позиции {after.start + 1} "
                    "нужно слово или фраза.",
                    after.start,
                )
            raise self.error(
                f"empty expression at {position}",
                f"В позиции {position + 1} ожидалось слово или фраза.",
                position,
            )
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self) -> Node:
        token = self.take()
        if token.kind in {"NOT", "MINUS", "LPAREN"}:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.error(
                    f"nesting deeper than {MAX_DEPTH} at {token.start}",
                    f"Слишком глубокая вложенность скобок или отрицаний в позиции "
                    f"{token.start + 1}: допускается не больше {MAX_DEPTH} уровней.",
                    token.start,
                )
            try:
                return self.nested(token)
            finally:
                self.depth -= 1
        return self.plain(token)

    def nested(self, token: _Token) -> Node:
        if token.kind in {"NOT", "MINUS"}:
            if self.peek() is None or self.peek().kind in {"OR", "RPAREN", "AND"}:  # type: ignore[union-attr]
                raise self.error(
                    f"{token.value} without an operand at {token.start}",
                    f"После «{token.value}» в позиции {token.start + 1} нужно слово, "
                    "фраза или группа в скобках.",
                    token.start,
                )
            return Not(self.unary())
        if token.kind == "LPAREN":
            if self.peek() is not None and self.peek().kind == "RPAREN":  # type: ignore[union-attr]
                raise self.error(
                    f"empty group at {token.start}",
                    f"Пустые скобки в позиции {token.start + 1}.",
                    token.start,
                )
            node = self.or_expr()
            closing = self.peek()
            if closing is None or closing.kind != "RPAREN":
                raise self.error(
                    f"unclosed '(' at {token.start}",
                    f"Скобка, открытая в позиции {token.start + 1}, не закрыта.",
                    token.start,
                )
            self.take()
            return node
        raise AssertionError(f"not a nesting token: {token.kind}")

    def plain(self, token: _Token) -> Node:
        if token.kind == "RPAREN":
            raise self.error(
                f"unmatched ')' at {token.start}",
                f"Лишняя закрывающая скобка в позиции {token.start + 1}.",
                token.start,
            )
        if token.kind == "PHRASE":
            return self.phrase(token)
        if token.kind == "FIELD":
            return self.field(token)
        return self.word(token)

    def word(self, token: _Token) -> Node:
        text = token.value
        prefix = text.endswith("*")
        core = text.rstrip("*")
        words = re.findall(r"[^\W_]+", core)
        if not words:
            raise self.error(
                f"no letters or digits in {text!r} at {token.start}",
                f"«{text[:40]}» в позиции {token.start + 1} не содержит ни букв, ни цифр.",
                token.start,
            )
        if prefix and len(words[-1]) < 2:
            raise self.error(
                f"prefix too short at {token.start}",
                f"Для поиска по началу слова («{text[:40]}», позиция {token.start + 1}) "
                "нужно не меньше двух букв перед *.",
                token.start,
            )
        if len(words) > 1:
            # «2-1234/2021», «333.19», «кто-либо»: the pieces in order.
            return Phrase(tuple(words))
        return Term(words[0], prefix=prefix)

    def phrase(self, token: _Token) -> Node:
        words = tuple(re.findall(r"[^\W_]+", token.value))
        if not words:
            raise self.error(
                f"empty phrase at {token.start}",
                f"Пустая фраза в кавычках в позиции {token.start + 1}.",
                token.start,
            )
        if token.slop is not None and token.slop > MAX_SLOP:
            raise self.error(
                f"proximity {token.slop} too large at {token.start}",
                f"Расстояние ~{token.slop} в позиции {token.start + 1} слишком велико: "
                f"допускается не больше {MAX_SLOP}.",
                token.start,
            )
        if len(words) == 1 and token.slop is None:
            return Phrase(words)
        return Phrase(words, slop=token.slop)

    def field(self, token: _Token) -> Node:
        name = token.field_name
        if name not in FIELDS:
            allowed = ", ".join(sorted(FIELDS))
            raise self.error(
                f"unknown field {name!r} at {token.start}",
                f"Неизвестное поле «{name}:» в позиции {token.start + 1}. "
                f"Допустимые поля: {allowed}.",
                token.start,
            )
        value = token.value.strip()
        if not value:
            raise self.error(
                f"empty value for {name} at {token.start}",
                f"У поля «{name}:» в позиции {token.start + 1} нет значения.",
                token.start,
            )
        if name in RANGE_FIELDS:
            return _parse_range(name, value, token.start)
        return FieldTerm(name, value)


# A range value is lo..hi (either side may be empty), one bound with a comparison
# (amount:>10000), or a single value meaning exactly that (date:2021-07-01).
_COMPARE_RE = re.compile(r"^(?P<op>>=|<=|>|<)(?P<value>.+)$")


def _parse_range(name: str, value: str, position: int) -> Range:
    def bound(text: str) -> dt.date | Decimal | None:
        if not text:
            return None
        return _parse_bound(name, text, position)

    if compare := _COMPARE_RE.match(value):
        op, parsed = compare.group("op"), bound(compare.group("value"))
        if op.startswith(">"):
            return Range(name, parsed, None, include_low=op == ">=")
        return Range(name, None, parsed, include_high=op == "<=")
    if ".." in value:
        low_text, _, high_text = value.partition("..")
        low, high = bound(low_text), bound(high_text)
        if low is not None and high is not None and low > high:  # type: ignore[operator]
            raise QuerySyntaxError(
                f"empty range {value!r} at {position}",
                user_message=(
                    f"Диапазон «{name}:{value}» в позиции {position + 1} пуст: "
                    "начало позже конца."
                ),
                position=position,
            )
        return Range(name, low, high)
    if name == "date" and (period := _period(value)) is not None:
        return Range(name, *period)
    exact = bound(value)
    return Range(name, exact, exact)


def _period(value: str) -> tuple[dt.date, dt.date] | None:
    """A whole year («2021») or month («2021-07») as a date range."""
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if match := re.fullmatch(r"(\d{4})-(\d{2})", value):
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return dt.date(year, month, 1), following - dt.timedelta(days=1)
    return None


def _parse_bound(name: str, text: str, position: int) -> dt.date | Decimal:
    if name == "date":
        for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 1, 1)
        raise QuerySyntaxError(
            f"bad date {text!r} at {position}",
            user_message=(
                f"Неверная дата «{text[:20]}» в позиции {position + 1}: "
                "пишите ГГГГ-ММ-ДД или ДД.ММ.ГГГГ."
            ),
            position=position,
        )
    try:
        amount = Decimal(text.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        amount = None
    if amount is not None and amount.is_finite() and not 0 <= amount <= MAX_AMOUNT:
        raise QuerySyntaxError(
            f"amount {text!r} out of range at {position}",
            user_message=(
                f"Сумма «{text[:20]}» в позиции {position + 1} вне допустимых пределов: "
                f"от 0 до {MAX_AMOUNT:,} руб.".replace(",", " ")
            ),
            position=position,
        )
    if amount is None or not amount.is_finite():
        raise QuerySyntaxError(
            f"bad amount {text!r} at {position}",
            user_message=(
                f"Неверная сумма «{text[:20]}» в позиции {position + 1}: "
                "пишите число рублей, например amount:>10000 или amount:1000..5000,50."
            ),
            position=position,
        )
    return amount


def parse_query(text: str) -> Node:
    """Parse a query into its AST.

    Raises:
        QuerySyntaxError: the query is empty, too long or malformed; the error
            carries the 0-based position and a Russian message for the user.
    """
    if (control := _CONTROL.search(text)) is not None:
        raise QuerySyntaxError(
            f"control character {control.group()!r} at {control.start()}",
            user_message=(
                f"Недопустимый управляющий символ в позиции {control.start() + 1}: "
                "уберите его из запроса."
            ),
            position=control.start(),
        )
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    if len(text) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(
            f"query of {len(text)} characters is too long",
            user_message=(
                f"Запрос слишком длинный ({len(text)} символов, допускается "
                f"{MAX_QUERY_LENGTH}). Для поиска похожих документов по тексту "
                "используйте «Найти похожие»."
            ),
            position=MAX_QUERY_LENGTH,
        )
    tokens = _tokenize(text)
    if not tokens:
        raise QuerySyntaxError(
            "empty query",
            user_message="Пустой запрос: введите слово, фразу в кавычках или поле.",
            position=0,
        )
    node = _Parser(text, tokens).parse()
    if _is_pure_negation(node):
        raise QuerySyntaxError(
            "query has only exclusions",
            user_message=(
                "Запрос состоит только из исключений (NOT, -): добавьте хотя бы одно "
                "слово, фразу или поле, которое должно встретиться."
            ),
            position=0,
        )
    return node


def _is_pure_negation(node: Node) -> bool:
    if isinstance(node, Not):
        return True
    if isinstance(node, And):
        return all(_is_pure_negation(child) for child in node.children)
    if isinstance(node, Or):
        return any(_is_pure_negation(child) for child in node.children)
    return False
