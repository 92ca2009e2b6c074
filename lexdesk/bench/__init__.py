"""Benchmarks: each stage timed twice in one run, the bare library call and our path.

Every benchmark module exposes ``run(*, quick: bool) -> list[Measurement]``; the
``lexdesk bench`` command prints them side by side. Timing lives here and never in
tests, because the machine is shared and noisy: a ratio taken within one run is
what stays comparable.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measurement:
    """One figure of a benchmark, with its bare-library baseline when there is one.

    Attributes:
        stage: what was measured, e.g. "pdf text path".
        metric: the unit, e.g. "pages/s", "ms p95", "MB".
        ours: our code path's figure.
        baseline: the bare library call's figure on the same input, if any.
        baseline_name: what the baseline is, e.g. "bare pypdfium2".
        aim: the target as text, e.g. ">= 0.8x baseline".
        met: whether the aim holds, or None when there is no aim.
        note: anything a reader needs to interpret the figure.
    """

    stage: str
    metric: str
    ours: float
    baseline: float | None = None
    baseline_name: str = ""
    aim: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """ours / baseline, or None without a baseline."""
        if not self.baseline:
            return None
        return self.ours / self.baseline
