"""Every setting is documented in the README's settings table, and vice versa."""

from __future__ import annotations

import re
from pathlib import Path

from lexdesk.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def documented_settings() -> dict[str, str]:
    rows = re.findall(
        r"^\| `(LEXDESK_[A-Z_]+)` \| (.+?) \| (.+?) \|$",
        README.read_text(),
        re.MULTILINE,
    )
    return {name: description for name, _default, description in rows}


def test_settings_match_readme_table() -> None:
    fields = {
        f"LEXDESK_{name.upper()}": info for name, info in Settings.model_fields.items()
    }
    documented = documented_settings()
    assert sorted(documented) == sorted(fields)
    for name, info in fields.items():
        assert documented[name] == info.description, name


def test_settings_read_environment(monkeypatch: object, tmp_path: Path) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setenv("LEXDESK_HOME", str(tmp_path))
    monkeypatch.setenv("LEXDESK_API_PORT", "9123")
    settings = Settings()
    assert settings.home == tmp_path
    assert settings.effective_api_url == "http://127.0.0.1:9123"
