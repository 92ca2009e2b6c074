"""``lexdesk eval``: the NLP pipeline measured against the hand-annotated gold set.

The gold set lives in ``gold/*.jsonl`` (format in ``gold/README.md``): documents
from ``corpus_samples/``, from the real court files in ``../shared/corpus/real``
(annotated by file name and offsets, skipped when that folder is absent) and short
inline snippets. For every document the pipeline's entities inside the annotated
regions are compared with the gold entities (exact span and label), giving
precision, recall and F1 per label; the document kind and each case fact are
compared for accuracy. The recorded figures in ``gold/figures.json`` are what CI
holds the pipeline to (see ``tests/nlp/test_gold.py``).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from nlp.entities import EntityLabel
from nlp.lemmas import lemma
from nlp.pipeline import Analysis, analyse_text

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = REPO_ROOT / "gold"
CORPUS_SAMPLES = REPO_ROOT / "corpus_samples"
SHARED_REAL = REPO_ROOT / ".." / "shared" / "corpus" / "real"
FIGURES_FILE = GOLD_DIR / "figures.json"

# Case facts compared per document, and how values are compared.
FACT_FIELDS = (
    "case_number",
    "uid",
    "court",
    "judge",
    "decision_date",
    "plaintiff",
    "defendants",
    "claimed",
    "awarded_principal",
    "awarded_penalty",
    "awarded_state_duty",
    "awarded_total",
    "penalty_reduced_333",
    "outcome",
)


@dataclass(frozen=True)
class LabelScore:
    """Entity counts of one label over the gold set."""

    label: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        """TP / (TP + FP); 1.0 when nothing was predicted."""
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        """TP / (TP + FN); 1.0 when the gold has none."""
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class FactScore:
    """Accuracy of one case fact over the documents whose gold states it."""

    name: str
    correct: int
    total: int

    @property
    def accuracy(self) -> float:
        """correct / total; 1.0 over no documents."""
        return self.correct / self.total if self.total else 1.0


@dataclass(frozen=True)
class EvalReport:
    """Everything ``lexdesk eval`` prints.

    Attributes:
        documents: documents evaluated.
        skipped: documents skipped (their file is absent).
        labels: entity scores per label.
        facts: fact accuracies, including ``kind``.
        errors: one line per mismatch, for ``--verbose``.
    """

    documents: int
    skipped: int
    labels: tuple[LabelScore, ...]
    facts: tuple[FactScore, ...]
    errors: tuple[str, ...] = field(default=())

    def figures(self) -> dict[str, float]:
        """Flat figures as recorded in ``gold/figures.json``: ``f1.LABEL``, ``acc.FACT``."""
        out = {f"f1.{s.label}": round(s.f1, 4) for s in self.labels}
        out.update({f"acc.{f.name}": round(f.accuracy, 4) for f in self.facts})
        return out


@dataclass(frozen=True)
class GoldDocument:
    """One annotated document, with its text loaded."""

    doc_id: str
    text: str
    kind: str
    regions: tuple[tuple[int, int], ...]
    entities: tuple[tuple[str, int, int], ...]
    facts: dict[str, Any] | None


def _read_text(record: dict[str, Any]) -> str | None:
    from indexer.parse import parse_file

    source = record.get("source", "inline")
    if source == "inline":
        return str(record["text"])
    base = CORPUS_SAMPLES if source == "corpus_samples" else SHARED_REAL
    path = base / record["file"]
    if not path.exists():
        return None
    return parse_file(path).text


def load_gold(paths: Iterable[Path] | None = None) -> tuple[list[GoldDocument], int]:
    """Load the gold documents; return them and the count of skipped ones.

    Raises:
        ValueError: a gold entity's text does not match the document at its offsets
            (the parser or normalizer changed: the gold must be re-checked).
    """
    documents: list[GoldDocument] = []
    skipped = 0
    for path in sorted(paths if paths is not None else GOLD_DIR.glob("*.jsonl")):
        for line_number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            record = json.loads(line)
            text = _read_text(record)
            if text is None:
                skipped += 1
                continue
            entities = []
            for entity in record.get("entities", []):
                start, end = entity["start"], entity["end"]
                if text[start:end] != entity["text"]:
                    raise ValueError(
                        f"{path.name}:{line_number} {record['id']}: gold {entity['label']}"
                        f" at [{start}, {end}) is {text[start:end]!r:.60},"
                        f" expected {entity['text']!r:.60}"
                    )
                entities.append((entity["label"], start, end))
            regions = record.get("regions") or [[0, len(text)]]
            documents.append(
                GoldDocument(
                    doc_id=record["id"],
                    text=text,
                    kind=record["kind"],
                    regions=tuple((int(a), int(b)) for a, b in regions),
                    entities=tuple(entities),
                    facts=record.get("facts"),
                )
            )
    return documents, skipped


# ---- comparing facts --------------------------------------------------------------

_QUOTED_RE = re.compile(r"[«\"]([^«»\"]+)")


def _normalize_name(value: str) -> str:
    """A party or court as comparable words: the quoted name of an organization,
    the lemmas of a person's words; «г.» = «города», «N» = «№», «ё» = «е»."""
    text = value.replace("ё", "е").replace("Ё", "Е")
    quoted = _QUOTED_RE.search(text)
    if quoted:
        return quoted.group(1).strip().lower()
    text = re.sub(r"\bг\.\s?", "города ", text).replace("N ", "№ ")
    words = re.findall(r"[^\W\d_]+|\d+|№", text)
    return " ".join(lemma(w) for w in words)


def _as_decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def fact_equal(name: str, predicted: Any, gold: Any) -> bool:
    """Whether a predicted fact matches the gold value (see module docstring)."""
    if name in {"claimed", "awarded_principal", "awarded_penalty"} or name.startswith(
        "awarded_"
    ):
        return _as_decimal(predicted) == _as_decimal(gold)
    if name in {"court", "plaintiff"}:
        if predicted is None or gold is None:
            return predicted is gold
        return _normalize_name(str(predicted)) == _normalize_name(str(gold))
    if name == "defendants":
        return sorted(_normalize_name(str(d)) for d in predicted or []) == sorted(
            _normalize_name(str(d)) for d in gold or []
        )
    if name == "judge" and predicted is not None and gold is not None:
        return _normalize_name(str(predicted)) == _normalize_name(str(gold))
    return bool(predicted == gold)


# ---- the run ------------------------------------------------------------------------


def _in_regions(start: int, end: int, regions: Sequence[tuple[int, int]]) -> bool:
    return any(low <= start and end <= high for low, high in regions)


def _score_document(
    document: GoldDocument,
    analysis: Analysis,
    counts: dict[str, list[int]],
    errors: list[str],
) -> None:
    gold = set(document.entities)
    predicted = {
        (e.label.value, e.start, e.end)
        for e in analysis.entities
        if _in_regions(e.start, e.end, document.regions)
        and e.label is not EntityLabel.PLACEHOLDER
    }
    for label in {g[0] for g in gold} | {p[0] for p in predicted}:
        tp = len({g for g in gold if g[0] == label} & predicted)
        fp = len({p for p in predicted if p[0] == label} - gold)
        fn = len({g for g in gold if g[0] == label} - predicted)
        row = counts.setdefault(label, [0, 0, 0])
        row[0], row[1], row[2] = row[0] + tp, row[1] + fp, row[2] + fn
    for label, start, end in sorted(predicted - gold, key=lambda x: x[1]):
        errors.append(f"{document.doc_id}: FP {label} {document.text[start:end]!r}")
    for label, start, end in sorted(gold - predicted, key=lambda x: x[1]):
        errors.append(f"{document.doc_id}: FN {label} {document.text[start:end]!r}")


def run_eval(paths: Iterable[Path] | None = None) -> EvalReport:
    """Run the pipeline over the gold set and score it.

    Args:
        paths: gold JSONL files; all of ``gold/*.jsonl`` by default.

    Returns:
        The report: P/R/F1 per entity label, accuracy of the kind and each fact.
    """
    documents, skipped = load_gold(paths)
    counts: dict[str, list[int]] = {}
    facts: dict[str, list[int]] = {"kind": [0, 0]}
    errors: list[str] = []
    for document in documents:
        analysis = analyse_text(document.text)
        _score_document(document, analysis, counts, errors)
        facts["kind"][0] += analysis.kind.value == document.kind
        facts["kind"][1] += 1
        if analysis.kind.value != document.kind:
            errors.append(
                f"{document.doc_id}: kind {analysis.kind.value} != {document.kind}"
            )
        if document.facts is None:
            continue
        predicted = analysis.facts.to_json()
        for name, gold_value in document.facts.items():
            if name not in FACT_FIELDS:
                continue
            row = facts.setdefault(name, [0, 0])
            ok = fact_equal(name, predicted.get(name), gold_value)
            row[0] += ok
            row[1] += 1
            if not ok:
                errors.append(
                    f"{document.doc_id}: fact {name} {predicted.get(name)!r}"
                    f" != {gold_value!r}"
                )
    labels = tuple(
        LabelScore(label, *counts[label])
        for label in sorted(
            counts, key=lambda name: list(EntityLabel).index(EntityLabel(name))
        )
    )
    fact_scores = tuple(
        FactScore(name, ok, total) for name, (ok, total) in facts.items()
    )
    return EvalReport(len(documents), skipped, labels, fact_scores, tuple(errors))


def format_report(report: EvalReport) -> str:
    """The report as the plain-text tables ``lexdesk eval`` prints."""
    lines = [
        f"gold documents: {report.documents} (skipped, file absent: {report.skipped})",
        "",
        f"{'label':<20} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}",
    ]
    for s in report.labels:
        lines.append(
            f"{s.label:<20} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}"
            f" {s.true_positives:5d} {s.false_positives:5d} {s.false_negatives:5d}"
        )
    lines += ["", f"{'fact':<20} {'accuracy':>8} {'docs':>6}"]
    for f in report.facts:
        lines.append(f"{f.name:<20} {f.accuracy:8.3f} {f.total:6d}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``lexdesk eval``: print the tables; 0 on success.

    Options: ``--json`` prints the flat figures as JSON, ``--verbose`` lists every
    mismatch, ``--record`` writes the figures to ``gold/figures.json``.
    """
    parser = argparse.ArgumentParser(
        prog="lexdesk eval", description="Качество NLP на размеченном наборе (gold/)."
    )
    parser.add_argument("--json", action="store_true", help="вывести показатели в JSON")
    parser.add_argument("--verbose", action="store_true", help="перечислить все ошибки")
    parser.add_argument(
        "--record", action="store_true", help="записать показатели в gold/figures.json"
    )
    args = parser.parse_args(argv)
    report = run_eval()
    if args.json:
        print(json.dumps(report.figures(), indent=2, sort_keys=True))
    else:
        print(format_report(report))
    if args.verbose:
        print("\n".join(report.errors), file=sys.stderr)
    if args.record:
        FIGURES_FILE.write_text(
            json.dumps(report.figures(), indent=2, sort_keys=True) + "\n", "utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
