"""NLP throughput: tokens/s of the bare spaCy tokenizer, each component, the pipeline.

Every figure is tokens per second on one core (one process), where tokens are
counted once by the bare ``spacy.blank("ru")`` tokenizer over the same texts, so
that every stage is measured in the same unit. The texts are the court and claims
documents of ``corpus_samples/documents`` (parsed once, before timing), repeated
to a fixed volume. Stages:

* bare spaCy tokenizer — the baseline;
* each rule extractor on the raw text (case numbers, citations, money, …);
* lemmas — pymorphy3 through the cached :func:`nlp.lemmas.lemma`;
* NER — natasha/slovnet through :func:`nlp.ner.tag_entities`;
* ``analyse_text`` — the whole fast path (rules + NER + kind + facts), which the
  indexer runs;
* ``get_nlp()`` — the same as a spaCy pipeline, producing ``Doc`` objects.

Each stage runs two rounds and the faster counts, so a noisy neighbour costs less.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from lexdesk.bench import Measurement

logger = logging.getLogger(__name__)

SAMPLES = Path(__file__).resolve().parents[2] / "corpus_samples" / "documents"
# Characters of text per round: about 150k tokens in full, 30k for a quick look.
FULL_CHARS = 1_200_000
QUICK_CHARS = 250_000
# The aim for the whole pipeline, per core.
AIM_TOKENS_PER_SECOND = 20_000


def _texts(volume: int) -> list[str]:
    from indexer.parse import parse_file

    texts = []
    for path in sorted(SAMPLES.iterdir()):
        try:
            texts.append(parse_file(path).text)
        except (
            Exception
        ):  # a sample that cannot be parsed here (no soffice) is left out
            logger.warning("benchmark sample %s skipped", path.name)
    if not texts:
        return []
    out: list[str] = []
    total = 0
    while total < volume:
        for text in texts:
            out.append(text)
            total += len(text)
    return out


def _rate(tokens: int, texts: list[str], stage: Callable[[str], object]) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        for text in texts:
            stage(text)
        best = min(best, time.perf_counter() - started)
    return tokens / best if best > 0 else 0.0


def run(*, quick: bool) -> list[Measurement]:
    """Time every NLP stage against the bare spaCy tokenizer on the same texts.

    Args:
        quick: time about 250k characters instead of 1.2M.

    Returns:
        One measurement per stage, tokens/s with the bare tokenizer as baseline;
        the whole pipeline carries the aim of 20,000 tokens/s per core.
    """
    import spacy

    from nlp.lemmas import WORD_RE, lemma
    from nlp.ner import get_tagger, tag_entities
    from nlp.pipeline import RULE_EXTRACTORS, analyse_text, get_nlp

    texts = _texts(QUICK_CHARS if quick else FULL_CHARS)
    if not texts:
        return []
    tokenizer = spacy.blank("ru").tokenizer
    tokens = sum(len(tokenizer(text)) for text in texts)
    get_tagger()
    nlp = get_nlp()
    analyse_text(texts[0])  # warm caches: pymorphy dictionary, lemma cache, model

    bare = _rate(tokens, texts, tokenizer)
    stages: list[tuple[str, Callable[[str], object]]] = [
        (f"rules: {name}", extractor) for name, extractor, _ in RULE_EXTRACTORS
    ]
    stages += [
        (
            "lemmas (pymorphy3, cached)",
            lambda t: [lemma(w) for w in WORD_RE.findall(t)],
        ),
        ("NER (natasha/slovnet)", tag_entities),
        ("analyse_text (whole fast path)", analyse_text),
        ("spaCy pipeline get_nlp()", nlp),
    ]
    measurements = []
    for name, stage in stages:
        ours = _rate(tokens, texts, stage)
        whole = name.startswith("analyse_text")
        measurements.append(
            Measurement(
                stage=f"nlp {name}",
                metric="tokens/s",
                ours=round(ours),
                baseline=round(bare),
                baseline_name="bare spaCy ru tokenizer",
                aim=f">= {AIM_TOKENS_PER_SECOND} tokens/s per core" if whole else "",
                met=ours >= AIM_TOKENS_PER_SECOND if whole else None,
                note=f"{tokens} tokens, {len(texts)} documents, one process",
            )
        )
    return measurements
