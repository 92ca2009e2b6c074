"""Batch generation of court-order applications: time, throughput and memory peak.

The monthly run of the claims department files about 1 600 court-order
applications. This benchmark builds that many fictitious debtors (a year of
charges each, a partial payment), computes each one's penalty and duty, and
renders the applications with the penalty table into one zip. The baseline is
bare docxtpl rendering the same template with one fixed context, which is what
the batch costs without our calculators, context building and zip. Peak memory
is the process's maximum resident set size (``resource.getrusage``), which
includes the interpreter and the libraries loaded before the run.
"""

from __future__ import annotations

import io
import logging
import resource
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from docxtpl import DocxTemplate

from casework.documents.batch import BatchItem, generate_batch
from casework.documents.models import (
    Claim,
    CourtInfo,
    CourtOrderApplication,
    Creditor,
    Debtor,
    DocumentKind,
)
from casework.documents.render import build_context, template_path
from casework.duty import calculate_duty
from casework.penalty import Charge, Payment, calculate_penalty
from lexdesk.bench import Measurement

logger = logging.getLogger(__name__)

# Applications per run: a month's volume as the issue asks, and a quick look.
FULL_COUNT = 1600
QUICK_COUNT = 100
# The aim of issue 7: the month's batch in under two minutes on this machine.
AIM_SECONDS = 120.0
FILED_ON = date(2026, 1, 20)

_CREDITOR = Creditor(
    name="АО «Энергосбыт-Тест»",
    address="г. Тестовск, ул. Примерная, д. 1",
    inn="7700000000",
    ogrn="1027700000000",
    bank_details="р/с 40702810000000000000 в ПАО «Тест-Банк», БИК 044500000",
    signer_position="Начальник отдела по работе с задолженностью",
    signer_name="П.П. Сидоров",
    signer_authority="доверенности № 12 от 09.01.2026",
)
_COURT = CourtInfo(
    name="Мировому судье судебного участка № 3 Ленинского района г. Тестовска",
    address="г. Тестовск, ул. Судебная, д. 2",
)


def run(*, quick: bool) -> list[Measurement]:
    """Generate the batch and report seconds, documents/s and peak memory.

    Args:
        quick: 100 applications instead of 1 600.

    Returns:
        Three measurements: total seconds (aim < 120 s for 1 600), documents per
        second against bare docxtpl, and peak resident memory in MB.
    """
    count = QUICK_COUNT if quick else FULL_COUNT
    with tempfile.TemporaryDirectory(prefix="lexdesk-bench-casework-") as folder:
        started = time.perf_counter()
        applications = [_application(n) for n in range(count)]
        items = [
            BatchItem(f"{n:05d}-court-order.docx", application)
            for n, application in enumerate(applications)
        ]
        result = generate_batch(items, target=Path(folder) / "batch.zip", as_zip=True)
        elapsed = time.perf_counter() - started
        size_mb = (Path(folder) / "batch.zip").stat().st_size / 2**20
    bare = _bare_docxtpl_per_second(applications[0], rounds=min(count, 100))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    scaled = elapsed * FULL_COUNT / count
    logger.info("casework batch: %d documents in %.1f s", len(result.written), elapsed)
    return [
        Measurement(
            stage="court-order batch (penalty + duty + render + zip)",
            metric="s",
            ours=round(elapsed, 1),
            aim=f"< {AIM_SECONDS:.0f} s for {FULL_COUNT}",
            met=scaled < AIM_SECONDS,
            note=f"{count} applications, {len(result.failed)} failed, zip {size_mb:.1f} MB"
            + (
                ""
                if count == FULL_COUNT
                else f", {scaled:.0f} s scaled to {FULL_COUNT}"
            ),
        ),
        Measurement(
            stage="court-order batch throughput",
            metric="docs/s",
            ours=round(count / elapsed, 1),
            baseline=round(bare, 1),
            baseline_name="bare docxtpl render of one fixed context",
            note="ours includes penalty and duty calculation, context and zip",
        ),
        Measurement(
            stage="court-order batch memory",
            metric="MB peak RSS",
            ours=round(peak_mb, 1),
            note="process maximum resident set size (ru_maxrss), interpreter included",
        ),
    ]


def _application(n: int) -> CourtOrderApplication:
    """A fictitious debtor with twelve months of charges and one partial payment."""
    base = Decimal(900 + (n * 37) % 1400)
    charges = [Charge(date(2024, month, 1), base + month) for month in range(1, 13)]
    payments = [Payment(date(2025, 2, 3), Decimal(500 + n % 700))]
    penalty = calculate_penalty(charges, payments, calculation_date=FILED_ON)
    debtor = Debtor(
        full_name=f"Пробный Должник № {n}",
        address=f"г. Тестовск, ул. Вымышленная, д. {n % 90 + 1}, кв. {n % 120 + 1}",
        account=f"{7000000000 + n}",
        supply_address=f"г. Тестовск, ул. Вымышленная, д. {n % 90 + 1}, кв. {n % 120 + 1}",
        birth_date=date(1960 + n % 40, n % 12 + 1, n % 28 + 1),
        birth_place="г. Тестовск",
    )
    claim = Claim(
        creditor=_CREDITOR,
        debtor=debtor,
        period_from=date(2024, 1, 1),
        period_to=date(2024, 12, 1),
        debt=penalty.debt,
        penalty=penalty,
        document_date=FILED_ON,
        place="г. Тестовск",
    )
    duty = calculate_duty(claim.total, filed_on=FILED_ON, court_order=True)
    return CourtOrderApplication(claim=claim, court=_COURT, duty=duty)


def _bare_docxtpl_per_second(document: CourtOrderApplication, *, rounds: int) -> float:
    """Documents per second of plain DocxTemplate(path).render(context).save()."""
    context = build_context(document)
    path = template_path(DocumentKind.COURT_ORDER_APPLICATION)
    started = time.perf_counter()
    for _ in range(rounds):
        template = DocxTemplate(str(path))
        template.render(context)
        template.save(io.BytesIO())
    return rounds / (time.perf_counter() - started)
