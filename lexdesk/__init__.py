"""lexdesk: legal document search and analytics for Russian court files and statutes."""

__version__ = "0.1.0"
