"""docker-compose.yml validates and wires the services with real settings.

Validation needs no Docker engine: ``docker compose config`` (the compose plugin)
or Debian's ``docker-compose config`` resolves the file, its interpolations and
profiles. The test skips only when neither is installed and
``LEXDESK_REQUIRE_CLUSTER`` is unset (CI sets it and installs docker-compose).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from lexdesk.settings import Settings

yaml = pytest.importorskip("yaml")

REPO = Path(__file__).resolve().parents[1]
COMPOSE_FILE = REPO / "docker-compose.yml"
SECRETS = {
    "ELASTIC_PASSWORD": "elastic-secret",
    "POSTGRES_PASSWORD": "pg-secret",
    "LEXDESK_SECRET_KEY": "token-secret",
}


def compose_command() -> list[str]:
    docker = shutil.which("docker")
    if docker is not None:
        probe = subprocess.run(
            [docker, "compose", "version"], capture_output=True, check=False
        )
        if probe.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    if legacy is not None:
        return [legacy]
    if os.environ.get("LEXDESK_REQUIRE_CLUSTER"):
        pytest.fail("neither `docker compose` nor `docker-compose` is installed")
    pytest.skip("neither `docker compose` nor `docker-compose` is installed")


def run_config(
    *options: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    # Only the variables given here: the caller's LEXDESK_* must not leak in.
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LEXDESK_", "ELASTIC_", "POSTGRES_", "COMPOSE_"))
    }
    return subprocess.run(
        [*compose_command(), "-f", str(COMPOSE_FILE), *options, "config"],
        capture_output=True,
        text=True,
        env={**clean, **(env or {})},
        cwd=REPO,
        check=False,
        timeout=60,
    )


def config(*options: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    done = run_config(*options, env={**SECRETS, **(env or {})})
    assert done.returncode == 0, done.stderr
    loaded: dict[str, Any] = yaml.safe_load(done.stdout)
    return loaded


def host_ips(service: dict[str, Any]) -> set[str]:
    """Host addresses of published ports, in short ("ip:host:container") or long form."""
    found = set()
    for port in service.get("ports", []):
        if isinstance(port, dict):
            found.add(port.get("host_ip", "0.0.0.0"))
        else:
            parts = str(port).split(":")
            found.add(parts[0] if len(parts) == 3 else "0.0.0.0")
    return found


def test_compose_config_wires_elasticsearch_postgres_api_and_ui() -> None:
    resolved = config()
    services = resolved["services"]

    assert {"elasticsearch", "postgres", "api", "ui"} <= set(services)
    api = services["api"]["environment"]
    assert api["LEXDESK_BACKEND"] == "elasticsearch"
    assert api["LEXDESK_SEARCH_URL"] == "http://elasticsearch:9200"
    assert api["LEXDESK_SEARCH_PASSWORD"] == "elastic-secret"
    assert api["LEXDESK_DATABASE_URL"] == (
        "postgresql+psycopg://lexdesk:pg-secret@postgres:5432/lexdesk"
    )
    assert services["ui"]["environment"]["LEXDESK_API_URL"] == "http://api:8000"
    assert services["elasticsearch"]["environment"]["discovery.type"] == "single-node"
    # Published only on the host's loopback.
    assert host_ips(services["api"]) == {"127.0.0.1"}
    assert host_ips(services["ui"]) == {"127.0.0.1"}
    assert host_ips(services["elasticsearch"]) == set()


def test_compose_settings_are_lexdesk_settings() -> None:
    services = config()["services"]
    known = {f"LEXDESK_{name.upper()}" for name in Settings.model_fields}

    for name in ("api", "ui"):
        keys = {
            key for key in services[name]["environment"] if key.startswith("LEXDESK_")
        }
        assert keys <= known, keys - known


def test_compose_opensearch_profile_switches_the_backend() -> None:
    resolved = config(
        "--profile",
        "opensearch",
        env={
            "LEXDESK_BACKEND": "opensearch",
            "LEXDESK_SEARCH_URL": "http://opensearch:9200",
        },
    )
    services = resolved["services"]

    assert "opensearch" in services
    assert services["opensearch"]["image"].startswith("opensearchproject/opensearch:2.")
    api = services["api"]["environment"]
    assert (api["LEXDESK_BACKEND"], api["LEXDESK_SEARCH_URL"]) == (
        "opensearch",
        "http://opensearch:9200",
    )


def test_compose_refuses_to_start_without_secrets() -> None:
    done = run_config(env={"POSTGRES_PASSWORD": "x", "LEXDESK_SECRET_KEY": "y"})

    assert done.returncode != 0
    assert "ELASTIC_PASSWORD" in done.stderr
