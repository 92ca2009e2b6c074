"""The one typed settings object, read from ``LEXDESK_*`` environment variables.

Library functions take explicit parameters; only entry points (CLI, API app, UI)
read settings. Every key is documented in the README's settings table, and a test
checks that the table and this class agree.
"""

from __future__ import annotations

import enum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class BackendName(enum.StrEnum):
    """Which search backend serves the index."""

    SQLITE = "sqlite"
    OPENSEARCH = "opensearch"
    ELASTICSEARCH = "elasticsearch"


class Environment(enum.StrEnum):
    """Where lexdesk runs: development generates its own secret, production refuses to."""

    DEVELOPMENT = "development"
    PRODUCTION = "production"


class Settings(BaseSettings):
    """lexdesk settings; each field is ``LEXDESK_<NAME>`` in the environment."""

    model_config = SettingsConfigDict(env_prefix="LEXDESK_", extra="ignore")

    home: Path = Field(
        default=Path("lexdesk-data"),
        description="Data directory: the embedded index, uploads, the casework store.",
    )
    backend: BackendName = Field(
        default=BackendName.SQLITE,
        description="Search backend: sqlite (embedded), opensearch or elasticsearch.",
    )
    search_url: str = Field(
        default="",
        description=(
            "Node URLs of the OpenSearch/Elasticsearch cluster, comma-separated, "
            "when backend is not sqlite."
        ),
    )
    search_index: str = Field(
        default="lexdesk",
        pattern=r"^[a-z0-9][a-z0-9_.-]*$",
        description="Index alias on the cluster; reindex swaps the index behind it.",
    )
    search_username: str = Field(
        default="",
        description="Cluster user for basic authentication; empty means none.",
    )
    search_password: SecretStr = Field(
        default=SecretStr(""), description="Password of search_username."
    )
    search_api_key: SecretStr = Field(
        default=SecretStr(""),
        description="Elasticsearch API key (base64 id:key) instead of a user; empty means none.",
    )
    search_ca_certs: str = Field(
        default="",
        description=(
            "CA bundle that signed the cluster's TLS certificates; "
            "empty means the system's."
        ),
    )
    search_verify_certs: bool = Field(
        default=True,
        description="Check the cluster's TLS certificates (turn off only for a test cluster).",
    )
    search_shards: int = Field(
        default=1, ge=1, description="Primary shards of a new cluster index."
    )
    search_replicas: int = Field(
        default=1,
        ge=0,
        description="Replicas per shard of a new cluster index; 0 on a single node.",
    )
    api_host: str = Field(
        default="127.0.0.1", description="Address the API listens on."
    )
    api_port: int = Field(default=8000, description="Port the API listens on.")
    ui_port: int = Field(default=8501, description="Port the Streamlit UI listens on.")
    api_url: str = Field(
        default="",
        description="API base URL the UI talks to; empty means http://api_host:api_port.",
    )
    max_upload_mb: int = Field(
        default=50, description="Largest file accepted by upload, in megabytes."
    )
    metering_url: str = Field(
        default="",
        description="Base URL of the smart-metering system's API for restriction orders.",
    )
    env: Environment = Field(
        default=Environment.DEVELOPMENT,
        description="development or production; production refuses a missing secret key.",
    )
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL of the user, audit and team store; empty means sqlite in home.",
    )
    secret_key: SecretStr = Field(
        default=SecretStr(""),
        description="Key that signs access tokens; empty in development means generated in home.",
    )
    token_ttl_minutes: int = Field(
        default=480,
        ge=1,
        description="Minutes an access token from /auth/token stays valid.",
    )

    @property
    def effective_database_url(self) -> str:
        """The store's SQLAlchemy URL: ``database_url`` or a SQLite file in ``home``."""
        return self.database_url or sqlite_url(self.home)

    @property
    def effective_api_url(self) -> str:
        """The API base URL the UI and clients should use."""
        return self.api_url or f"http://{self.api_host}:{self.api_port}"


def sqlite_url(home: Path) -> str:
    """Return the URL of the default store, ``lexdesk.sqlite3`` in a data directory."""
    return f"sqlite:///{(home / 'lexdesk.sqlite3').resolve()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Read the settings once per process."""
    return Settings()
