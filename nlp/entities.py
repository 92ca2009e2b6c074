"""The legal entities the rule-based extractors and the NER find in a text.

Every extractor in :mod:`nlp` returns a list of :class:`Entity`: a labelled, half-open
character span ``[start, end)`` of the text it was given, the span's text as written
and, where the label has one, a normalized value (a citation key, an ISO date, an
exact amount). Extractors are pure functions of the text, so their results can be
cached, compared in tests and wrapped as pipeline components without change.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


class EntityLabel(enum.StrEnum):
    """What an entity is. A closed set shared by the rules and the NER."""

    CASE_NUMBER = "CASE_NUMBER"  # court case number, normalized key + kind
    LAW_REF = "LAW_REF"  # statute citation, canonical key (nlp.acts)
    MONEY = "MONEY"  # amount in roubles, exact decimal string
    DATE = "DATE"  # calendar date, ISO 8601; empty for depersonalized dates
    ACCOUNT = "ACCOUNT"  # personal account (лицевой счёт) number, digits
    INN = "INN"  # taxpayer number, checksum-valid
    OGRN = "OGRN"  # state registration number (ОГРН / ОГРНИП), checksum-valid
    PLACEHOLDER = "PLACEHOLDER"  # depersonalization mask: ФИО1, <адрес>, ****
    PER = "PER"  # person (NER)
    ORG = "ORG"  # organization (NER)
    LOC = "LOC"  # place (NER)
    COURT = "COURT"  # court name
    JUDGE = "JUDGE"  # judge's name
    MAGISTRATE_SECTION = "MAGISTRATE_SECTION"  # судебный участок №
    ADDRESS = "ADDRESS"  # postal address


def _frozen_mapping(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


@dataclass(frozen=True)
class Entity:
    """One entity found in a text.

    Attributes:
        label: what the entity is.
        start: offset of the first character in the text (inclusive).
        end: offset after the last character (exclusive), so
            ``text[start:end] == entity.text``.
        text: the span as written in the text.
        value: the normalized value: a citation key (``gk_rf:544``), a case
            number key (``2-1016/2021``), an ISO date, an amount (``12345.67``),
            digits of a number; empty when the label has none or the span is a
            depersonalized mask.
        extra: label-specific details, e.g. ``{"kind": "appeal"}`` for a case
            number. Read-only.
    """

    label: EntityLabel
    start: int
    end: int
    text: str
    value: str = ""
    extra: Mapping[str, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad entity span [{self.start}, {self.end})")
        object.__setattr__(self, "extra", _frozen_mapping(self.extra))


def make_entity(
    label: EntityLabel,
    text: str,
    start: int,
    end: int,
    value: str = "",
    **extra: str,
) -> Entity:
    """Build an entity for ``text[start:end]``; keyword arguments become ``extra``."""
    return Entity(label, start, end, text[start:end], value, extra)


def drop_overlaps(entities: Iterable[Entity]) -> list[Entity]:
    """Keep the longest of overlapping entities, the earliest on a tie.

    Extractors match several patterns independently (an amount in digits, the
    same amount in words); this picks one span per stretch of text and returns
    the survivors ordered by position.
    """
    ranked = sorted(entities, key=lambda e: (-(e.end - e.start), e.start))
    starts: list[int] = []  # kept spans, sorted and disjoint
    kept: list[Entity] = []
    for entity in ranked:
        i = bisect.bisect_right(starts, entity.start)
        if i > 0 and kept[i - 1].end > entity.start:
            continue
        if i < len(kept) and kept[i].start < entity.end:
            continue
        starts.insert(i, entity.start)
        kept.insert(i, entity)
    return kept
