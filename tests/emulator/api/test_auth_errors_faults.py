"""Auth on every operation, JSON error bodies everywhere, and fault injection (in process)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudglue_emulator.faults import FaultState
from cloudglue_emulator.media import SampleTruth
from cloudglue_emulator.settings import FaultSettings
from cloudglue_openapi.constraints import OPERATIONS
from tests.support.spec import operations as spec_operations

from .conftest import API_KEY, AUTH, ORIGIN, Emu, make_app

SOME_ID = "9b2f6f1e-4a53-4d43-9f0e-6f4c1d7a2b10"


def operations() -> list[tuple[str, str]]:
    """(method, path with ids filled in) of every operation in openapi.yaml."""
    return [(op.method, op.filled({}, default=SOME_ID)) for op in spec_operations()]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": API_KEY},
        {"Authorization": "Basic x"},
    ],
)
async def test_every_operation_needs_the_key(emu: Emu, headers: dict[str, str]) -> None:
    ops = operations()
    assert len(ops) == len(OPERATIONS)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=emu.app), base_url=f"{ORIGIN}/v1", headers=headers
    ) as anonymous:
        for method, path in ops:
            r = await anonymous.request(method, path, json={"strategy": "uniform"})
            assert r.status_code == 401, (method, path)
            assert r.json() == {"error": "Invalid or missing API key"}
        faults = await anonymous.get(f"{ORIGIN}/_emulator/faults")
        assert faults.status_code == 401
    assert (await emu.client.get("/files")).json()["total"] == 0
    assert (await emu.client.get(f"{ORIGIN}/healthz")).json() == {"status": "ok"}


async def test_lowercase_scheme_is_accepted(emu: Emu) -> None:
    r = await emu.client.get("/files", headers={"Authorization": f"bearer {API_KEY}"})
    assert r.status_code == 200


async def test_unknown_routes_and_methods_answer_json(emu: Emu) -> None:
    r = await emu.client.get("/nothing/here")
    assert r.status_code == 404 and r.json()["error"].startswith("Not found")
    r = await emu.client.put("/files")
    assert r.status_code == 405 and "not allowed" in r.json()["error"]
    assert set(r.headers["allow"].split(", ")) >= {"GET", "POST"}
    r = await emu.client.get("/files/")
    assert r.status_code == 404 and "error" in r.json()
    r = await emu.client.get(f"{ORIGIN}/thumbnails/../emulator.sqlite3")
    assert r.status_code == 404 and "error" in r.json()
    r = await emu.client.get(f"{ORIGIN}/thumbnails/{'0' * 32}.jpg")
    assert r.status_code == 404 and r.json() == {"error": "Thumbnail not found"}


async def test_internal_errors_are_json_500(emu: Emu, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(emu.runtime.store, "list_files", broken)
    r = await emu.client.get("/files")
    assert r.status_code == 500 and r.json() == {"error": "Internal server error"}


async def test_fail_rate_one_answers_503_without_effect(emu: Emu, sample: SampleTruth) -> None:
    emu.runtime.faults.update({"fail_rate": 1, "retry_after": 7})
    r = await emu.client.post("/files", files={"file": ("a.mp4", sample.path.read_bytes())})
    assert r.status_code == 503
    assert r.headers["retry-after"] == "7"
    assert r.json()["error"].startswith("Service unavailable")
    emu.runtime.faults.update({"fail_rate": 0})
    assert (await emu.client.get("/files")).json()["total"] == 0
    assert list(emu.runtime.data.uploads.iterdir()) == []
    assert (await emu.client.get(f"{ORIGIN}/healthz")).status_code == 200


async def test_throttle_rate_answers_429_with_retry_after(emu: Emu, sample: SampleTruth) -> None:
    f = await emu.upload(sample.path)
    emu.runtime.faults.update({"throttle_rate": 1})
    r = await emu.client.delete(f"/files/{f['id']}")
    assert r.status_code == 429 and r.headers["retry-after"] == "1"
    assert r.json()["error"].startswith("Too many requests")
    emu.runtime.faults.update({"throttle_rate": 0})
    assert (await emu.client.get(f"/files/{f['id']}")).status_code == 200


async def test_seeded_fail_rate_is_repeatable(emu: Emu) -> None:
    async def statuses() -> list[int]:
        emu.runtime.faults.update({"fail_rate": 0.5, "fault_seed": 42})
        return [(await emu.client.get("/files")).status_code for _ in range(30)]

    first, second = await statuses(), await statuses()
    assert first == second
    assert {200, 503} == set(first)


async def test_rps_limit(emu: Emu) -> None:
    emu.runtime.faults.update({"rps": 3})
    codes = [(await emu.client.get("/files")).status_code for _ in range(6)]
    assert codes[:3] == [200, 200, 200] and 429 in codes[3:]


async def test_admin_endpoint_reads_and_validates(emu: Emu) -> None:
    r = await emu.client.put(f"{ORIGIN}/_emulator/faults", json={"latency_ms": 5, "rps": None})
    assert r.status_code == 200 and r.json()["latency_ms"] == 5
    assert (await emu.client.get(f"{ORIGIN}/_emulator/faults")).json()["latency_ms"] == 5
    for body, field in (({"fail_rate": 2}, "fail_rate"), ({"nope": 1}, "nope"), ([], "body")):
        r = await emu.client.put(f"{ORIGIN}/_emulator/faults", json=body)
        assert r.status_code == 400 and r.json()["error"].startswith(f"{field}:")
    assert (await emu.client.get("/files")).status_code == 200


async def test_faults_from_settings(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data", faults=FaultSettings(throttle_rate=1.0, retry_after=3))
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=f"{ORIGIN}/v1", headers=AUTH
        ) as c:
            r = await c.get("/files")
            assert r.status_code == 429 and r.headers["retry-after"] == "3"
            assert (await c.get(f"{ORIGIN}/healthz")).status_code == 200
    finally:
        app.state.runtime.close()


def test_rps_token_bucket_refills_over_time() -> None:
    state = FaultState(FaultSettings(rps=2, retry_after=5))
    assert [state.decide(now=10.0) is None for _ in range(3)] == [True, True, False]
    limited = state.decide(now=10.1)
    assert limited is not None and limited.status == 429  # Retry-After: test_rps_retry_after
    assert state.decide(now=10.7) is None  # 0.6 s refilled more than one token
    slow = FaultState(FaultSettings(rps=0.5))
    assert slow.decide(now=0.0) is None
    assert slow.decide(now=1.0) is not None
    assert slow.decide(now=2.1) is None


def test_reset_restores_the_start_settings_seed_and_bucket() -> None:
    state = FaultState(FaultSettings(fail_rate=0.5, rps=1, fault_seed=7))
    first = [state.decide(now=float(i)) for i in range(20)]
    state.update({"throttle_rate": 1.0, "latency_ms": 50, "fault_seed": 99})
    state.decide(now=20.0)  # spends the rps token
    answered = state.reset()
    assert (answered["throttle_rate"], answered["fault_seed"], answered["rps"]) == (0.0, 7, 1)
    assert state.settings == FaultSettings(fail_rate=0.5, rps=1, fault_seed=7)
    assert [state.decide(now=float(i)) for i in range(20)] == first  # same draws again


async def test_admin_delete_resets_faults(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data", faults=FaultSettings(latency_ms=1, retry_after=2))
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=ORIGIN, headers=AUTH
        ) as c:
            await c.put("/_emulator/faults", json={"throttle_rate": 1, "retry_after": 9})
            assert (await c.get("/v1/files")).status_code == 429
            r = await c.delete("/_emulator/faults")
            assert r.status_code == 200
            assert (r.json()["throttle_rate"], r.json()["retry_after"]) == (0.0, 2)
            assert (await c.get("/v1/files")).status_code == 200
    finally:
        app.state.runtime.close()


async def test_thumbnail_faults_reach_thumbnails_only_when_asked(
    emu: Emu, sample: SampleTruth
) -> None:
    f = await emu.upload(sample.path)
    r = await emu.client.post(f"/files/{f['id']}/frames", json={"strategy": "uniform"})
    job = await emu.wait(f"/frames/{r.json()['frame_extraction_id']}", limit=1)
    url = job["data"]["frames"][0]["thumbnail_url"]
    emu.runtime.faults.update({"fail_rate": 1})
    assert (await emu.client.get(url)).status_code == 200  # faults are for /v1 by default
    emu.runtime.faults.update({"thumbnail_faults": True})
    answered = await emu.client.get(url)
    assert answered.status_code == 503 and answered.headers["retry-after"] == "1"
    emu.runtime.faults.update({"fail_rate": 0})
    assert (await emu.client.get(url)).content[:2] == b"\xff\xd8"
    r = await emu.client.put(f"{ORIGIN}/_emulator/faults", json={"thumbnail_faults": "yes"})
    assert r.status_code == 400 and "thumbnail_faults" in r.text
