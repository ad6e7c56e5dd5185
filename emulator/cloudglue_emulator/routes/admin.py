"""Endpoints outside /v1: `GET /healthz` (no auth) and `GET/PUT/DELETE /_emulator/faults`
(bearer)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from ..auth import ADMIN_PREFIX
from ..context import runtime
from ..responses import json_response
from ..validation import json_body
from .dispatch import route


async def healthz(request: Request) -> JSONResponse:
    """200 `{"status": "ok"}` while every job worker runs; else 503 with the reason."""
    healthy, reason = runtime(request).jobs.healthy()
    if healthy:
        return json_response({"status": "ok"})
    return JSONResponse({"status": "unhealthy", "error": reason}, status_code=503)


async def get_faults(request: Request) -> JSONResponse:
    """The fault settings in force."""
    return json_response(runtime(request).faults.as_json())


async def put_faults(request: Request) -> JSONResponse:
    """Change some fault settings (partial JSON object); answers the settings in force."""
    return json_response(runtime(request).faults.update(await json_body(request)))


async def reset_faults(request: Request) -> JSONResponse:
    """Back to the fault settings the server was started with; answers them."""
    return json_response(runtime(request).faults.reset())


routes = [
    route("/healthz", {"GET": healthz}),
    route(f"{ADMIN_PREFIX}/faults", {"GET": get_faults, "PUT": put_faults, "DELETE": reset_faults}),
]
