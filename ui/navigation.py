"""The workplace's pages: a list of page specs, and moving between pages.

Each page is a :class:`PageSpec`: a title, an address, the roles that see it and
a ``render(client)`` function. :data:`ui.app.PAGE_SPECS` lists them; a module
that brings a page (collection, restriction, analytics, reports) adds its spec
there and nothing else changes. Pages move to one another with :func:`go_to`
(a button's callback) or :func:`page_link` (a link), both inside the same
browser session, so the sign-in survives.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import streamlit as st

from ui.client import LexdeskClient

# Roles, as /auth/me names them, grouped like the API's role checks (README «Roles»).
READERS = frozenset({"viewer", "lawyer", "manager", "admin"})
TEAM = frozenset({"lawyer", "manager", "admin"})
MANAGERS = frozenset({"manager", "admin"})
AUDITORS = frozenset({"auditor"})

# Session state key of a pending move: (page name, query parameters).
NAV_TARGET_KEY = "nav_target"

# Session state key of the pages built for this session's run, by name: kept per
# session because users of different roles see different pages.
PAGES_KEY = "nav_pages"


@dataclass(frozen=True)
class PageSpec:
    """One page of the workplace.

    Attributes:
        name: its address (``/search``) and the name :func:`go_to` takes.
        title: the title in the navigation, in Russian.
        icon: a Material icon («:material/search:») shown beside the title.
        section: the navigation group it is listed under.
        roles: the roles that see it.
        render: draws the page with the session's API client.
        hidden: reachable by :func:`go_to` and links only (e.g. one document).
    """

    name: str
    title: str
    icon: str
    section: str
    roles: frozenset[str]
    render: Callable[[LexdeskClient], None]
    hidden: bool = False


def visible_specs(specs: Sequence[PageSpec], role: str) -> list[PageSpec]:
    """Return the specs a role may open, in the order given."""
    return [spec for spec in specs if role in spec.roles]


def build_pages(
    specs: Sequence[PageSpec], client_for: Callable[[], LexdeskClient]
) -> dict[str, list[st.Page]]:
    """Make the ``st.Page`` objects of ``specs``, grouped by section.

    The first spec is the default page. Pages are also remembered by name for
    :func:`go_to` and :func:`page_link`.
    """
    pages: dict[str, st.Page] = {}
    sections: dict[str, list[st.Page]] = {}
    for index, spec in enumerate(specs):
        page = st.Page(
            _runner(spec, client_for),
            title=spec.title,
            icon=spec.icon,
            url_path=spec.name,
            default=index == 0,
            visibility="hidden" if spec.hidden else "visible",
        )
        pages[spec.name] = page
        sections.setdefault(spec.section, []).append(page)
    st.session_state[PAGES_KEY] = pages
    return sections


def _runner(
    spec: PageSpec, client_for: Callable[[], LexdeskClient]
) -> Callable[[], None]:
    def run() -> None:
        spec.render(client_for())

    # Streamlit names a callable page by its function name; keep them apart.
    run.__name__ = f"page_{spec.name}"
    return run


def go_to(name: str, params: Mapping[str, str] | None = None) -> None:
    """Ask to open page ``name`` with query parameters (use as a button callback)."""
    st.session_state[NAV_TARGET_KEY] = (name, dict(params or {}))


def follow_pending_move() -> None:
    """Switch to the page a callback asked for, if any (call before running a page).

    A page the user may not open (or that does not exist) is ignored.
    """
    target = st.session_state.pop(NAV_TARGET_KEY, None)
    if not target:
        return
    name, params = target
    page = _pages().get(name)
    if page is not None:
        st.switch_page(page, query_params=params)


def page_link(name: str, label: str, params: Mapping[str, str] | None = None) -> None:
    """Draw a link to page ``name``; plain text when the user may not open it."""
    page = _pages().get(name)
    if page is None:
        st.markdown(label)
        return
    st.page_link(page, label=label, query_params=dict(params or {}))


def has_page(name: str) -> bool:
    """Whether page ``name`` is open to the signed-in user in this run."""
    return name in _pages()


def _pages() -> dict[str, st.Page]:
    pages: dict[str, st.Page] = st.session_state.get(PAGES_KEY) or {}
    return pages
