"""Prepare a freshly started Home Assistant for the demo and the browser test.

``--onboard`` completes onboarding over HTTP with user ``demo`` / ``demo`` (the same requests
the onboarding screens send); ``--add-camera`` and ``--add-recorder`` then add the simulated
camera and exacqVision server through the integration's config flow (the REST API behind the
UI). Each is skipped when already done, so a second run of ``scripts/develop --demo`` is
harmless. Home Assistant is at ``$HA_URL`` (``scripts/develop --port`` sets it), else
http://127.0.0.1:8123.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from typing import Any

import aiohttp

HA = os.environ.get("HA_URL", "http://127.0.0.1:8123").rstrip("/")
CLIENT_ID = f"{HA}/"
USER = {"name": "Demo", "username": "demo", "password": "demo", "language": "en"}
# The simulators' administrators (tests/simulator), by kind of device.
SIMULATOR_USERS = {"axis_camera": ("root", "pass"), "exacqvision_server": ("admin", "admin256")}


async def wait_until_up(session: aiohttp.ClientSession, seconds: float) -> None:
    """Wait until Home Assistant's API answers (401 without a token: it is up)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            async with session.get(f"{HA}/api/") as response:
                if response.status in (200, 401):
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(2)
    raise SystemExit(f"demo: Home Assistant did not come up within {seconds:.0f} s")


async def token_for(session: aiohttp.ClientSession, code: str) -> str:
    async with session.post(
        f"{HA}/auth/token",
        data={"grant_type": "authorization_code", "code": code, "client_id": CLIENT_ID},
    ) as response:
        response.raise_for_status()
        body: dict[str, Any] = await response.json()
        return str(body["access_token"])


async def login(session: aiohttp.ClientSession) -> str:
    """An access token for the demo user, through the login flow the UI uses."""
    async with session.post(
        f"{HA}/auth/login_flow",
        json={
            "client_id": CLIENT_ID,
            "handler": ["homeassistant", None],
            "redirect_uri": CLIENT_ID,
        },
    ) as response:
        flow = await response.json()
    async with session.post(
        f"{HA}/auth/login_flow/{flow['flow_id']}",
        json={"client_id": CLIENT_ID, "username": USER["username"], "password": USER["password"]},
    ) as response:
        result = await response.json()
    if result.get("type") != "create_entry":
        raise SystemExit(f"demo: cannot log in as {USER['username']}: {result}")
    return await token_for(session, result["result"])


async def onboard(session: aiohttp.ClientSession) -> str:
    async with session.get(f"{HA}/api/onboarding") as response:
        # Once onboarding is complete, Home Assistant no longer serves its API.
        done = response.status == 404
        steps = {} if done else {s["step"]: s["done"] for s in await response.json()}
    if done or steps.get("user"):
        print("demo: already onboarded", file=sys.stderr)
        return await login(session)
    async with session.post(
        f"{HA}/api/onboarding/users", json={"client_id": CLIENT_ID, **USER}
    ) as response:
        response.raise_for_status()
        token = await token_for(session, (await response.json())["auth_code"])
    headers = {"Authorization": f"Bearer {token}"}
    for step, body in (
        ("core_config", {}),
        ("analytics", {}),
        ("integration", {"client_id": CLIENT_ID, "redirect_uri": CLIENT_ID}),
    ):
        if not steps.get(step):
            async with session.post(
                f"{HA}/api/onboarding/{step}", json=body, headers=headers
            ) as response:
                response.raise_for_status()
    print("demo: onboarded; log in as demo / demo", file=sys.stderr)
    return token


async def add_device(session: aiohttp.ClientSession, token: str, kind: str, port: int) -> None:
    """Run the config flow the UI runs: choose ``kind`` in the menu, then fill in the form."""
    user, password = SIMULATOR_USERS[kind]
    headers = {"Authorization": f"Bearer {token}"}
    async with session.post(
        f"{HA}/api/config/config_entries/flow",
        json={"handler": "axis_thermometry", "show_advanced_options": False},
        headers=headers,
    ) as response:
        flow = await response.json()
    result: dict[str, Any] = {}
    for step in (
        {"next_step_id": kind},
        {
            "host": "127.0.0.1",
            "port": port,
            "connection": "http",
            "username": user,
            "password": password,
        },
    ):
        async with session.post(
            f"{HA}/api/config/config_entries/flow/{flow['flow_id']}", json=step, headers=headers
        ) as response:
            result = await response.json()
    if result.get("type") == "abort" and result.get("reason") == "already_configured":
        print(f"demo: the simulated {kind} is already added", file=sys.stderr)
    elif result.get("type") == "create_entry":
        print(f"demo: added {result['title']}", file=sys.stderr)
    else:
        raise SystemExit(f"demo: adding the simulated {kind} failed: {result}")


async def entity_ids(session: aiohttp.ClientSession, token: str) -> list[str]:
    """Every entity id Home Assistant has a state for."""
    async with session.get(
        f"{HA}/api/states", headers={"Authorization": f"Bearer {token}"}
    ) as response:
        response.raise_for_status()
        return [state["entity_id"] for state in await response.json()]


async def add_automation(session: aiohttp.ClientSession, token: str) -> None:
    """The main use case: the burner's alarm holds the siren and the recorder's soft trigger.

    Entity ids are looked up by their ends, as they start with the camera's entry title.
    """
    ids = await entity_ids(session, token)

    def find(suffix: str) -> str | None:
        return next((entity for entity in ids if entity.endswith(suffix)), None)

    alarm = find("_burner_alarm")
    outputs = [entity for entity in (find("_siren"), find("_fire_alarm_soft_trigger")) if entity]
    if alarm is None or not outputs:
        print("demo: no burner alarm or outputs yet; automation not added", file=sys.stderr)
        return
    automation = {
        "id": "demo_burner_alarm",
        "alias": "Burner alarm: siren and recording",
        "description": "Added by scripts/develop --demo: follows the Burner area's alarm.",
        "triggers": [{"trigger": "state", "entity_id": alarm, "to": ["on", "off"]}],
        "actions": [
            {
                "action": "switch.turn_{{ trigger.to_state.state }}",
                "target": {"entity_id": outputs},
            }
        ],
        "mode": "queued",
    }
    async with session.post(
        f"{HA}/api/config/automation/config/demo_burner_alarm",
        json=automation,
        headers={"Authorization": f"Bearer {token}"},
    ) as response:
        response.raise_for_status()
    print(f"demo: added the automation {automation['alias']!r}", file=sys.stderr)


async def check_camera(session: aiohttp.ClientSession, token: str, seconds: float) -> None:
    """The smoke check: the camera's entry is loaded and its area sensors have values."""
    headers = {"Authorization": f"Bearer {token}"}
    deadline = time.monotonic() + seconds
    entries: list[dict[str, Any]] = []
    measured: list[str] = []
    while time.monotonic() < deadline:
        async with session.get(
            f"{HA}/api/config/config_entries/entry?domain=axis_thermometry", headers=headers
        ) as response:
            entries = await response.json()
        async with session.get(f"{HA}/api/states", headers=headers) as response:
            states = await response.json()
        measured = [
            state["entity_id"]
            for state in states
            if state["entity_id"].startswith("sensor.")
            and state["entity_id"].endswith(("_average", "_maximum"))
            and _number(state["state"])
        ]
        if entries and all(entry["state"] == "loaded" for entry in entries) and measured:
            print(
                f"demo: check passed: {len(entries)} entry loaded, "
                f"{len(measured)} area sensors with values",
                file=sys.stderr,
            )
            return
        await asyncio.sleep(2)
    raise SystemExit(f"demo: check failed: entries {entries}, area sensors with values {measured}")


def _number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


async def main(args: argparse.Namespace) -> None:
    async with aiohttp.ClientSession() as session:
        await wait_until_up(session, args.timeout)
        token = await onboard(session)
        if args.add_camera:
            await add_device(session, token, "axis_camera", args.simulator_port)
        if args.add_recorder:
            await add_device(session, token, "exacqvision_server", args.recorder_port)
        if args.add_camera:
            await add_automation(session, token)
        if args.check:
            await check_camera(session, token, 120)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--onboard", action="store_true", help="complete onboarding (user demo)")
    parser.add_argument("--add-camera", action="store_true", help="add the simulated camera")
    parser.add_argument("--add-recorder", action="store_true", help="add the exacqVision server")
    parser.add_argument(
        "--check", action="store_true", help="check the camera's entry loads and measures"
    )
    parser.add_argument("--simulator-port", type=int, default=8080)
    parser.add_argument("--recorder-port", type=int, default=8081)
    parser.add_argument("--timeout", type=float, default=600)
    asyncio.run(main(parser.parse_args()))
