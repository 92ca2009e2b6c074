"""Errors raised while ingesting files."""

from __future__ import annotations

from lexdesk.errors import DataError


class ParseError(DataError):
    """A file could not be turned into text (corrupt, truncated, empty)."""


class UnsupportedFormatError(DataError):
    """The file is of a kind lexdesk does not parse."""


class EncryptedFileError(DataError):
    """The file is password-protected; lexdesk does not guess passwords."""
