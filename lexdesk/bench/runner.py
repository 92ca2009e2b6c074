"""``lexdesk bench``: run the benchmark modules and print their figures side by side."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict

from lexdesk.bench import Measurement

# Stage name → module; each module exposes run(*, quick: bool) -> list[Measurement].
STAGES = {
    "pdf": "lexdesk.bench.pdf",
    "docx": "lexdesk.bench.docx",
    "nlp": "lexdesk.bench.nlp",
    "index": "lexdesk.bench.index",
    "api": "lexdesk.bench.api",
    "cluster": "lexdesk.bench.cluster",
    "casework_docs": "lexdesk.bench.casework_docs",
    "casework_import": "lexdesk.bench.casework_import",
    "restriction": "lexdesk.bench.restriction",
}


def run_benchmarks(*, only: Sequence[str], quick: bool, as_json: bool) -> int:
    """Run the chosen stages (all by default); return the CLI exit status."""
    unknown = [name for name in only if name not in STAGES]
    if unknown:
        print(
            f"lexdesk: неизвестные этапы: {', '.join(unknown)}; "
            f"есть: {', '.join(STAGES)}",
            file=sys.stderr,
        )
        return 2
    measurements: list[Measurement] = []
    for name in only or list(STAGES):
        print(f"Замер: {name} …", file=sys.stderr)
        module = importlib.import_module(STAGES[name])
        measurements.extend(module.run(quick=quick))
    if as_json:
        rows = [{**asdict(m), "ratio": m.ratio} for m in measurements]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print(format_table(measurements))
    return 0


def format_table(measurements: Sequence[Measurement]) -> str:
    """Render measurements as a Markdown table (the form docs/benchmarks.md keeps)."""
    lines = [
        "| stage | ours | baseline | ratio | aim | met | note |",
        "|---|---|---|---|---|---|---|",
    ]
    for m in measurements:
        baseline = f"{m.baseline:,.2f} ({m.baseline_name})" if m.baseline else "—"
        ratio = f"{m.ratio:.2f}x" if m.ratio is not None else "—"
        met = {True: "yes", False: "**no**", None: "—"}[m.met]
        lines.append(
            f"| {m.stage} | {m.ours:,.2f} {m.metric} | {baseline} | {ratio} | "
            f"{m.aim or '—'} | {met} | {m.note} |"
        )
    return "\n".join(lines)
