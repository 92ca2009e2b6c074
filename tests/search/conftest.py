"""Search backends for the conformance suite: SQLite always, a real cluster too.

The cluster is a real OpenSearch node started once per session from Maven Central
artifacts (tools/opensearch/start.sh), or — when ``LEXDESK_SEARCH_URL`` is set —
the cluster it names, with ``LEXDESK_BACKEND`` (opensearch or elasticsearch) and
the credential settings, so the same suite runs against a real Elasticsearch.

Cluster tests skip only when Java or Maven is missing and
``LEXDESK_REQUIRE_CLUSTER`` is unset; CI sets it, so there they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from lexdesk.settings import BackendName, Settings
from search.cluster import ClusterBackend
from search.cluster_client import (
    ClusterConfig,
    ClusterFlavor,
    ClusterRequestError,
    cluster_config,
)
from search.local_cluster import LocalCluster, missing_tools

MakeCluster = Callable[..., ClusterBackend]


def require_cluster_tools() -> None:
    """Skip (or fail, when LEXDESK_REQUIRE_CLUSTER is set) without Java and Maven."""
    missing = missing_tools()
    if not missing:
        return
    message = f"cluster tests need {', '.join(missing)}"
    if os.environ.get("LEXDESK_REQUIRE_CLUSTER"):
        pytest.fail(f"{message}, and LEXDESK_REQUIRE_CLUSTER is set")
    pytest.skip(message)


@pytest.fixture
def cluster_tools() -> None:
    """Skip or fail the test as :func:`require_cluster_tools` says."""
    require_cluster_tools()


@pytest.fixture(scope="session")
def cluster_base_config(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ClusterConfig]:
    """The cluster the suite runs against, as a config without an index name."""
    if os.environ.get("LEXDESK_SEARCH_URL"):
        settings = Settings()
        if settings.backend is BackendName.SQLITE:
            settings = settings.model_copy(update={"backend": BackendName.OPENSEARCH})
        config = cluster_config(settings)
        assert config is not None
        yield replace(config, replicas=0)
        return
    require_cluster_tools()
    folder = tmp_path_factory.mktemp("opensearch")
    with LocalCluster.start(folder, nodes=1) as cluster:
        yield ClusterConfig(
            urls=cluster.urls, flavor=ClusterFlavor.OPENSEARCH, replicas=0
        )


@pytest.fixture
def make_cluster(cluster_base_config: ClusterConfig) -> Iterator[MakeCluster]:
    """Open cluster backends on fresh, uniquely named indices; delete them after."""
    opened: list[ClusterBackend] = []

    def make(**options: object) -> ClusterBackend:
        name = f"lexdesk-test-{uuid.uuid4().hex[:10]}"
        config = replace(cluster_base_config, index=name)
        backend = ClusterBackend(config, refresh_writes=True, **options)  # type: ignore[arg-type]
        opened.append(backend)
        return backend

    yield make
    for backend in opened:
        delete_indices(backend)
        backend.close()


def delete_indices(backend: ClusterBackend) -> None:
    """Delete every index of a backend: those behind its alias and its files index."""
    client = backend._client
    try:
        names = sorted(client.request("GET", f"/_alias/{backend.alias}"))
    except ClusterRequestError:
        names = []
    for name in [*names, backend.files_index]:
        try:
            client.request("DELETE", f"/{name}")
        except ClusterRequestError as error:
            if error.status != 404:
                raise


@pytest.fixture(scope="module")
def module_cluster(
    cluster_base_config: ClusterConfig,
) -> Iterator[Callable[[], ClusterBackend]]:
    """One cluster backend per module, for read-only cases over one corpus."""
    opened: list[ClusterBackend] = []

    def make() -> ClusterBackend:
        name = f"lexdesk-test-{uuid.uuid4().hex[:10]}"
        backend = ClusterBackend(
            replace(cluster_base_config, index=name), refresh_writes=True
        )
        opened.append(backend)
        return backend

    yield make
    for backend in opened:
        delete_indices(backend)
        backend.close()


def data_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh folder for an embedded index."""
    return tmp_path_factory.mktemp("index")
