"""Server-side closes with their own emulator: idle timeout, maximum connection duration and
shutdown all close with 1001 and run $disconnect."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from test_websocket_support import ECHO, connect, connection_id_of, create_function, websocket_api

from emulator.testing import EmulatorProcess

#: Appends each $disconnect event to the file named by DISCONNECTS (the emulator's in-memory
#: state is gone after shutdown, a file is not).
FILE_RECORD = """
import json, os

def handler(event, context):
    with open(os.environ["DISCONNECTS"], "a") as out:
        out.write(json.dumps(event["requestContext"]) + "\\n")
    return {"statusCode": 200}
"""


def disconnects(path: Path, count: int, timeout: float = 15.0) -> list[dict[str, object]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = path.read_text().splitlines() if path.exists() else []
        if len(lines) >= count:
            return [json.loads(line) for line in lines]
        time.sleep(0.05)
    raise AssertionError(f"expected {count} $disconnect events in {path}")


def test_idle_timeout_max_duration_and_shutdown_close_and_disconnect(tmp_path: Path) -> None:
    record_file = tmp_path / "disconnects.jsonl"
    env = {"EMULATOR_WS_IDLE_TIMEOUT_S": "1", "EMULATOR_WS_MAX_CONNECTION_S": "3"}
    with EmulatorProcess(env=env) as server:
        echo = create_function(server, "ws-echo", ECHO)
        recorder = create_function(server, "ws-file", FILE_RECORD)
        server.client("lambda").update_function_configuration(
            FunctionName="ws-file", Environment={"Variables": {"DISCONNECTS": str(record_file)}}
        )
        api_id = websocket_api(server, {"$default": echo, "$disconnect": recorder}, two_way=["$default"])
        # No $default: every message is answered at once (the Forbidden frame), with no Lambda in the way.
        busy_api_id = websocket_api(server, {"$disconnect": recorder})

        async def idle() -> tuple[int | None, float]:
            async with connect(server, api_id) as client:
                started = time.monotonic()
                await asyncio.wait_for(client.wait_closed(), 10)
                return client.close_code, time.monotonic() - started

        async def busy() -> tuple[int | None, float]:
            # Active every 0.3 s: never idle, so only the 3 s maximum duration closes it.
            async with connect(server, busy_api_id) as client:
                started = time.monotonic()
                while time.monotonic() - started < 10:
                    try:
                        await client.send("ping")
                        await asyncio.wait_for(client.recv(), 5)
                    except Exception:
                        break
                    await asyncio.sleep(0.3)
                await asyncio.wait_for(client.wait_closed(), 10)
                return client.close_code, time.monotonic() - started

        async def both() -> tuple[tuple[int | None, float], tuple[int | None, float]]:
            return await asyncio.gather(idle(), busy())

        (idle_code, idle_after), (busy_code, busy_after) = asyncio.run(both())
        assert idle_code == 1001 and 0.8 < idle_after < 2.9
        assert busy_code == 1001 and 2.5 < busy_after < 5
        closed = disconnects(record_file, 2)
        assert [(c["disconnectStatusCode"], c["disconnectReason"]) for c in closed] == [(1001, "Going away")] * 2

        async def open_during_shutdown() -> str:
            client = await connect(server, api_id)
            connection_id = await connection_id_of(client)
            await asyncio.to_thread(server.stop)
            return connection_id

        connection_id = asyncio.run(open_during_shutdown())
    closed = disconnects(record_file, 3)
    assert closed[2]["connectionId"] == connection_id
    assert closed[2]["disconnectStatusCode"] == 1001
