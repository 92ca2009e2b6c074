"""`lexdesk start`: both servers come up, and every way of stopping it stops both."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(home: Path, api_port: int, ui_port: int) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "LEXDESK_HOME": str(home),
        "LEXDESK_API_PORT": str(api_port),
        "LEXDESK_UI_PORT": str(ui_port),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "lexdesk", "start"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def is_listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow
@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_start_signal_stops_both_servers(tmp_path: Path, stop_signal: int) -> None:
    api_port, ui_port = free_port(), free_port()
    with start(tmp_path / "home", api_port, ui_port) as process:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(3)]
        assert lines[0].startswith(f"API:           http://127.0.0.1:{api_port}")
        assert lines[1] == f"Рабочее место: http://127.0.0.1:{ui_port}\n"
        assert lines[2].startswith("Вход: admin / ")
        password = lines[2].split()[3]
        token = httpx.post(
            f"http://127.0.0.1:{api_port}/auth/token",
            data={"username": "admin", "password": password},
        )
        assert token.status_code == 200
        deadline = time.monotonic() + 60
        while not is_listening(ui_port) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert is_listening(ui_port)

        process.send_signal(stop_signal)
        process.communicate(timeout=30)
    assert not is_listening(api_port)
    assert not is_listening(ui_port)


def test_start_refuses_a_taken_port(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        taken = int(holder.getsockname()[1])
        with start(tmp_path / "home", taken, free_port()) as process:
            _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert f"Порт {taken} на 127.0.0.1 уже занят другой программой" in err
    assert "LEXDESK_API_PORT" in err
