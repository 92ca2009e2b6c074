"""The lexdesk command as a person runs it: exit statuses, stdout JSON, stderr text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TEXT = (
    "СУДЕБНЫЙ ПРИКАЗ\nДело № 2-515/2023\n10 марта 2023 года\n"
    "Взыскать с должника задолженность за электрическую энергию.\n"
)


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LEXDESK_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "lexdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "order.txt").write_text(TEXT, encoding="utf-8")
    return folder


def test_cli_ingest_then_search_json(files: Path, tmp_path: Path) -> None:
    home = tmp_path / "data"
    ingested = run(home, "ingest", str(files), "--json")
    assert ingested.returncode == 0, ingested.stderr
    assert json.loads(ingested.stdout) == {
        "indexed": 1,
        "unchanged": 0,
        "rejected": 0,
        "documents": 1,
        "rejections": [],
    }

    found = run(home, "search", "должнику", "--json")
    assert found.returncode == 0, found.stderr
    payload = json.loads(found.stdout)
    assert payload["total"] == 1
    (hit,) = payload["hits"]
    assert sorted(hit) == ["date", "id", "kind", "score", "snippet", "source", "title"]
    assert hit["title"] == "Судебный приказ по делу № 2-515/2023"
    assert hit["kind"] == "court_order"
    assert hit["date"] == "2023-03-10"
    assert hit["source"] == str(files / "order.txt")
    assert "<mark>должника</mark>" in hit["snippet"]

    shown = run(home, "show", hit["id"], "--json")
    assert shown.returncode == 0
    document = json.loads(shown.stdout)
    assert document["text"] == TEXT.strip()
    assert document["meta"]["encoding"] == "utf-8"


def test_cli_ingest_exit_3_when_some_files_rejected(
    files: Path, tmp_path: Path
) -> None:
    (files / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    result = run(tmp_path / "data", "ingest", "--no-progress", str(files))
    assert result.returncode == 3
    assert result.stdout == ""
    assert (
        "Проиндексировано файлов: 1 (документов: 1), без изменений: 0, отклонено: 1."
        in (result.stderr)
    )
    assert f"отклонён {files / 'broken.pdf'}:" in result.stderr


def test_cli_ingest_unchanged_on_second_run(files: Path, tmp_path: Path) -> None:
    home = tmp_path / "data"
    assert run(home, "ingest", str(files), "--json").returncode == 0
    second = run(home, "ingest", str(files), "--json")
    assert second.returncode == 0
    assert json.loads(second.stdout)["unchanged"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ingest", "/nonexistent/folder"), "Путь не найден: /nonexistent/folder"),
        (("search", 'долг "пени'), "Незакрытая кавычка"),
        (("search", "долг", "--kind", "decree"), "Неизвестный вид документа"),
        (("search", "долг", "--limit", "0"), "нужно целое число от 1 до 1000"),
        (("search", "долг", "--limit", "99999999999999999999"), "от 1 до 1000"),
    ],
    ids=["missing-path", "bad-query", "bad-kind", "bad-limit", "huge-limit"],
)
def test_cli_usage_errors_exit_2(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(tmp_path / "data", *args)
    assert result.returncode == 2
    assert message in result.stderr


def test_cli_show_unknown_id_exits_1(tmp_path: Path) -> None:
    result = run(tmp_path / "data", "show", "0000")
    assert result.returncode == 1
    assert "документ '0000' не найден" in result.stderr


def test_cli_bad_setting_is_one_russian_line(tmp_path: Path) -> None:
    env = {**os.environ, "LEXDESK_HOME": str(tmp_path), "LEXDESK_API_PORT": "abc"}
    result = subprocess.run(
        [sys.executable, "-m", "lexdesk", "search", "долг"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "lexdesk: неверное значение переменной окружения LEXDESK_API_PORT: см. таблицу "
        "настроек в README (раздел «Settings»).\n"
    )
