"""The span of dates and months that casework accepts, in files, commands and the API.

Billing data, reports and procedure dates outside 1990-01-01..2100-12-31 are
typing mistakes (``0021-07-15``, ``20211-07``), and dates near the ends of the
calendar overflow date arithmetic (a deadline 30 days after 9999-12-31), so
every date a user or a file gives is checked against this span first.

Example::

    if not is_in_span(day):
        raise ValueError(f"дата вне допустимого диапазона: {SPAN_RU}")
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

# The first and the last day accepted: older than any account of the supplier's
# billing (the Russian Federation's retail market dates from the 1990s), and far
# beyond any deadline a procedure can set.
FIRST_DAY = dt.date(1990, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
# The span as messages name it.
SPAN_RU = f"с {FIRST_DAY:%d.%m.%Y} по {LAST_DAY:%d.%m.%Y}"
MONTH_SPAN_RU = f"от {FIRST_DAY:%Y-%m} до {LAST_DAY:%Y-%m}"

# A date parameter or body field of the API inside the span (pydantic reports
# a value outside it as ``greater_than_equal`` / ``less_than_equal``).
SpanDate = Annotated[dt.date, Field(ge=FIRST_DAY, le=LAST_DAY)]


def is_in_span(day: dt.date) -> bool:
    """Whether ``day`` lies within :data:`FIRST_DAY`..:data:`LAST_DAY`."""
    return FIRST_DAY <= day <= LAST_DAY


def is_month_in_span(year: int, month: int) -> bool:
    """Whether the month ``year``-``month`` lies within the span."""
    return (
        (FIRST_DAY.year, FIRST_DAY.month)
        <= (year, month)
        <= (
            LAST_DAY.year,
            LAST_DAY.month,
        )
    )
