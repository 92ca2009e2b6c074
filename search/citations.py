"""Citation keys as the index uses them: article level, act code, human form.

A document cites provisions at any depth (``zhk_rf:155.14`` is part 14 of article
155); the citator, the ``cites:`` filter and precedent matching compare citations
at article level, so «ч. 14 ст. 155 ЖК РФ» and «ст. 155 ЖК РФ» meet. The article
of a key is read with :meth:`nlp.acts.Act.split_provision`, which knows dotted
article numbers: ``nk_rf:333.19`` is article 333.19, not part 19 of article 333.
"""

from __future__ import annotations

import re

from nlp.acts import ACTS, human_citation

# A canonical key: act code, colon, provision of dot-separated numbers or letters,
# e.g. «gk_rf:544», «zhk_rf:155.14», «pp_354:119.а».
KEY_RE = re.compile(r"[a-z][a-z0-9_]*:[0-9a-zа-я]+(?:\.[0-9a-zа-я]+)*")


def is_key(text: str) -> bool:
    """Whether ``text`` is shaped like a canonical citation key of a known act."""
    return KEY_RE.fullmatch(text) is not None and act_code(text) in ACTS


def act_code(key: str) -> str:
    """Return the act code of a key: ``gk_rf`` for ``gk_rf:544.1``."""
    return key.partition(":")[0]


def article_key(key: str) -> str:
    """Return the key of the article (or Rules point) a key belongs to.

    >>> article_key("zhk_rf:155.14")
    'zhk_rf:155'
    >>> article_key("nk_rf:333.19.1")
    'nk_rf:333.19'

    A key of an unknown act is cut at its first dot.
    """
    code, _, provision = key.partition(":")
    act = ACTS.get(code)
    if act is None:
        return f"{code}:{provision.split('.')[0]}"
    article, _ = act.split_provision(provision)
    return f"{code}:{article}"


def is_article_key(key: str) -> bool:
    """Whether a key names a whole article (no part or point below it)."""
    return article_key(key) == key


def human_form(key: str) -> str:
    """Return the citation as a lawyer writes it, or the key for an unknown act."""
    try:
        return human_citation(key)
    except KeyError:
        return key


def outcome_label(code: str) -> str:
    """Return the Russian label of an outcome («иск удовлетворён частично»)."""
    from nlp.facts import OUTCOME_LABELS_RU, Outcome

    try:
        return OUTCOME_LABELS_RU[Outcome(code)]
    except ValueError:
        return code


def parse_outcome(text: str) -> str:
    """Return the outcome code for a filter value: a code or its Russian label.

    Raises:
        UserInputError: the value names no outcome; the message lists them.
    """
    from lexdesk.errors import UserInputError
    from nlp.facts import OUTCOME_LABELS_RU

    value = text.strip().lower().replace("ё", "е")
    for outcome, label in OUTCOME_LABELS_RU.items():
        if value in (outcome.value, label.replace("ё", "е")):
            return outcome.value
    allowed = "; ".join(
        f"{o.value} ({label})" for o, label in OUTCOME_LABELS_RU.items()
    )
    raise UserInputError(
        f"unknown outcome {text!r}",
        user_message=f"Неизвестный исход дела «{text[:40]}». Допустимые: {allowed}.",
    )


def act_label(code: str) -> str:
    """Return the short name of an act («ГК РФ»), or the code when unknown."""
    act = ACTS.get(code)
    return act.short if act is not None else code
