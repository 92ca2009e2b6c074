"""Restriction of supply to household debtors under ПП 354.

:mod:`~casework.restriction.rules` holds the dated parameters,
:mod:`~casework.restriction.procedure` reads a warning's procedure from dated
facts, :mod:`~casework.restriction.candidates` selects the debtors to warn,
:mod:`~casework.restriction.store` keeps orders and the smart-meter command log,
:mod:`~casework.restriction.documents` renders warnings, acts and orders, and
:mod:`~casework.restriction.report` counts a month of the procedure.
"""
