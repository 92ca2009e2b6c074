"""Claims documents generated from .docx templates: models, rendering, batches, lint.

The templates in ``templates/`` are built by :mod:`.templates_build`, filled by
:mod:`.render` from the dataclasses of :mod:`.models`, produced in bulk by
:mod:`.batch`, and checked for Word-split Jinja tags by :mod:`.lint`.
"""
