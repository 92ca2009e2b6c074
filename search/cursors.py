"""Page cursors: stable pagination that survives documents indexed meanwhile.

An offset counts positions in a result set that changes as documents arrive: a
document indexed between page 1 and page 2 shifts every later hit by one, so one
hit is shown twice. A cursor instead remembers where the previous page ended (the
last hit's sort key and its row) and the highest row of the index when page 1 was
served (the *snapshot*); later pages continue after that hit among the rows of the
snapshot only, the keyset pagination Elasticsearch calls ``search_after``.

The cursor is opaque to callers: URL-safe base64 of a small JSON object. It also
carries a fingerprint of the query, filters and order, so that a cursor is never
applied to another search.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass

from lexdesk.errors import UserInputError
from search.records import SearchRequest

# Version of the cursor's JSON layout; a cursor of another version is refused.
CURSOR_VERSION = 1
# Longest cursor accepted: a real one is about 120 characters.
MAX_CURSOR_LENGTH = 512


class InvalidCursorError(UserInputError):
    """A cursor that is malformed or belongs to another search."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"invalid page cursor: {reason}",
            user_message=(
                "Курсор страницы повреждён или относится к другому запросу; "
                "начните просмотр с первой страницы."
            ),
        )


@dataclass(frozen=True)
class PageCursor:
    """Where the next page starts.

    Attributes:
        fingerprint: :func:`fingerprint` of the search the cursor belongs to.
        snapshot: the highest row id in the index when the first page was served;
            rows above it are documents indexed later and never appear.
        rowid: row id of the last hit served.
        key: sort key of the last hit: its rank (relevance order) or its date
            in ISO form (date orders), None for an undated document.
        seen: hits served before the next page (for the running total).
    """

    fingerprint: str
    snapshot: int
    rowid: int
    key: float | str | None
    seen: int

    def encode(self) -> str:
        """Return the opaque cursor string."""
        payload = json.dumps(
            [
                CURSOR_VERSION,
                self.fingerprint,
                self.snapshot,
                self.rowid,
                self.key,
                self.seen,
            ],
            separators=(",", ":"),
        )
        return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(text: str, *, expected_fingerprint: str) -> PageCursor:
    """Read a cursor string back.

    Raises:
        InvalidCursorError: the string is not a cursor of this version, or it
            belongs to a search with another query, filters or order.
    """
    if len(text) > MAX_CURSOR_LENGTH:
        raise InvalidCursorError("too long")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        fields = json.loads(raw)
    except (binascii.Error, ValueError) as error:
        raise InvalidCursorError("not base64 JSON") from error
    if not isinstance(fields, list) or len(fields) != 6:
        raise InvalidCursorError("wrong shape")
    version, fingerprint_, snapshot, rowid, key, seen = fields
    if version != CURSOR_VERSION:
        raise InvalidCursorError(f"version {version!r}")
    if fingerprint_ != expected_fingerprint:
        raise InvalidCursorError("another search")
    numbers_ok = all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 0
        for n in (snapshot, rowid, seen)
    )
    key_ok = key is None or isinstance(key, str | float | int)
    if not numbers_ok or not key_ok or isinstance(key, bool):
        raise InvalidCursorError("bad field types")
    if isinstance(key, int):
        key = float(key)
    return PageCursor(fingerprint_, snapshot, rowid, key, seen)


def fingerprint(request: SearchRequest) -> str:
    """Return a short hash of what defines a result set: query, filters, order.

    Page size and facets are left out: a client may change them between pages.
    """
    parts = [
        request.query,
        sorted(kind.value for kind in request.kinds),
        request.date_from.isoformat() if request.date_from else None,
        request.date_to.isoformat() if request.date_to else None,
        request.sort.value,
    ]
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode())
    return digest.hexdigest()[:16]
