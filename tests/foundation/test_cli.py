"""Starting and stopping the emulator as a user does."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from emulator.testing import EmulatorProcess

SCRIPTS = Path(sys.executable).parent


def _start(command: list[str], tmp_path: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path)
    assert process.stdout is not None
    deadline = time.monotonic() + 20
    for line in process.stdout:
        found = re.search(r"Emulator ready on (http://\S+)", line)
        if found:
            return process, found.group(1)
        assert time.monotonic() < deadline
    raise AssertionError("emulator exited before it was ready")


def test_emulator_command_starts_on_a_free_port_and_stops_on_sigterm(tmp_path: Path) -> None:
    process, url = _start([str(SCRIPTS / "emulator"), "start", "--port", "0", "--in-memory"], tmp_path)
    try:
        assert int(url.rsplit(":", 1)[1]) > 0
        assert httpx.get(f"{url}/_emulator/health").status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(15) == 0


def test_python_dash_m_emulator_starts(tmp_path: Path) -> None:
    process, url = _start([sys.executable, "-m", "emulator", "start", "--port", "0", "--in-memory"], tmp_path)
    try:
        assert httpx.get(f"{url}/_localstack/health").status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(15) == 0


def test_settings_come_from_environment_variables(tmp_path: Path) -> None:
    with EmulatorProcess(env={"EMULATOR_REGION": "ap-south-1"}) as emulator:
        # A request with no SigV4 scope falls back to the configured region.
        response = httpx.get(f"{emulator.url}/2015-03-31/functions/nope")
        assert response.status_code == 404
        assert ":ap-south-1:" in response.json()["Message"]


def test_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    with EmulatorProcess() as first:
        result = subprocess.run(
            [sys.executable, "-m", "emulator", "start", "--port", str(first.port), "--in-memory"],
            capture_output=True,
            text=True,
            timeout=20,
            env={**os.environ},
        )
        assert result.returncode != 0
        assert f"cannot listen on 127.0.0.1:{first.port}" in result.stderr
        assert "Traceback" not in result.stderr


def test_invalid_setting_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "emulator", "start", "--port", "0", "--in-memory"],
        capture_output=True,
        text=True,
        timeout=20,
        env={**os.environ, "EMULATOR_DURABILITY": "sometimes"},
    )
    assert result.returncode != 0
    assert "durability must be one of fsync, batch, none, not 'sometimes'" in result.stderr
    assert "Traceback" not in result.stderr
