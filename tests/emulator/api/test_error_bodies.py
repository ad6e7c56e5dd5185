"""Every `{"error": ...}` body is spelled one way, whether a route or a middleware answers it:
the compact JSON of Starlette's JSONResponse (no spaces, UTF-8 rather than `\\u` escapes), so
a test that compares bodies byte for byte sees one shape for one kind of error."""

from __future__ import annotations

import json

from .conftest import Emu


def compact(body: object) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


async def test_middleware_and_route_errors_are_spelled_alike(emu: Emu) -> None:
    answers = {
        "route 404": await emu.client.get("/files/no-such-file"),
        "route 400": await emu.client.get("/files", params={"limit": "many"}),
        "auth 401": await emu.client.get("/files", headers={"Authorization": "Bearer wrong"}),
        "host 400": await emu.client.get("/files", headers={"Host": b"\xe9\xe9.example"}),
    }
    emu.runtime.faults.update({"fail_rate": 1.0})
    answers["fault 503"] = await emu.client.get("/files")
    for case, response in answers.items():
        assert response.status_code == int(case.split()[1]), (case, response.text)
        assert set(response.json()) == {"error"}, case
        assert response.content == compact(response.json()), (case, response.content)
    assert "éé" in answers["host 400"].json()["error"]  # sent as UTF-8, not escaped


async def test_an_error_body_says_its_length_and_type(emu: Emu) -> None:
    r = await emu.client.get("/files", headers={"Authorization": "Bearer wrong"})
    assert r.headers["content-type"] == "application/json"
    assert int(r.headers["content-length"]) == len(r.content)
