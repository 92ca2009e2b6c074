"""The project's exception tree.

Three families are kept apart, as the house style asks:

* :class:`UserInputError` — the person asked for something malformed (a query with
  a syntax error, an unknown option value). Shown to them with the position.
* :class:`DataError` — a file or a row that cannot be used (a corrupt PDF, an
  encrypted file, an unsupported format). The batch goes on without it.
* :class:`InfrastructureError` — something we depend on is unavailable (the index
  file, a database, an external tool such as Tesseract).

Every error carries two texts: ``str(error)`` is English and goes to logs;
``error.user_message`` is Russian and goes to the CLI, the API and the UI.
"""

from __future__ import annotations


class LexdeskError(Exception):
    """Base class of every error lexdesk raises on purpose."""

    def __init__(self, message: str, *, user_message: str | None = None) -> None:
        super().__init__(message)
        self.user_message = user_message or message


class UserInputError(LexdeskError):
    """The caller's input is malformed; the message says where and what is allowed."""


class DataError(LexdeskError):
    """A file or record cannot be used; it is skipped and the batch goes on."""


class InfrastructureError(LexdeskError):
    """A component lexdesk depends on (index, database, external tool) is unavailable."""
