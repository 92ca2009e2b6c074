"""The gold-set figures: CI fails when one falls more than 0.02 below the record.

The recorded figures (gold/figures.json) were measured with ../shared/corpus/real
present; without it a third of the gold set is missing and the figures are not
comparable, so the test is skipped.
"""

from __future__ import annotations

import json

import pytest

from lexdesk.eval import FIGURES_FILE, SHARED_REAL, run_eval

# How far a figure may fall below the recorded one before the build fails.
TOLERANCE = 0.02

# The targets; the recorded figures must meet them.
TARGETS = {
    "f1.LAW_REF": 0.97,
    "f1.CASE_NUMBER": 0.97,
    "f1.MONEY": 0.95,
    "f1.DATE": 0.95,
    "f1.COURT": 0.90,
    "f1.JUDGE": 0.90,
    "f1.PER": 0.85,
    "f1.ORG": 0.85,
    "f1.LOC": 0.85,
    "acc.outcome": 0.90,
    "acc.awarded_total": 0.90,
}


def test_recorded_figures_meet_the_targets() -> None:
    recorded = json.loads(FIGURES_FILE.read_text("utf-8"))
    below = {k: recorded[k] for k, target in TARGETS.items() if recorded[k] < target}
    assert below == {}


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_REAL.exists(), reason="../shared/corpus/real is absent")
def test_gold_figures_hold() -> None:
    recorded = json.loads(FIGURES_FILE.read_text("utf-8"))
    report = run_eval()
    figures = report.figures()
    assert report.documents >= 60
    dropped = {
        name: (figures.get(name, 0.0), value)
        for name, value in recorded.items()
        if figures.get(name, 0.0) < value - TOLERANCE
    }
    assert dropped == {}
