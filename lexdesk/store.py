"""Open the SQL store with every lexdesk table in it.

:mod:`lexdesk.database` knows no tables; importing this module registers those of
accounts, the audit trail, saved searches and team work, so that
:func:`open_store` creates all of them whichever entry point (API, CLI) touches
the store first.
"""

from __future__ import annotations

import casework.models
import casework.restriction.models
import lexdesk.accounts
import lexdesk.audit
import lexdesk.saved_searches
import lexdesk.teamwork
from lexdesk.database import Database, create_schema, open_database

# The modules whose tables the store holds (imported for their side effect).
TABLE_MODULES = (
    casework.models,
    casework.restriction.models,
    lexdesk.accounts,
    lexdesk.audit,
    lexdesk.saved_searches,
    lexdesk.teamwork,
)


def open_store(url: str) -> Database:
    """Connect to the store at ``url`` and create the missing tables.

    Raises:
        UserInputError: the URL is malformed.
        InfrastructureError: the database is unreachable or newer than this code.
    """
    database = open_database(url)
    try:
        create_schema(database)
    except BaseException:
        database.close()
        raise
    return database
