"""Serving thumbnails at `/thumbnails/<token>.jpg` (no auth; the token is an unguessable uuid4).

The token is looked up in the database; the stored relative path must resolve to a file
inside `thumbs/`, so nothing else in (or outside) the data dir can be read through this URL.
"""

from __future__ import annotations

import re
from pathlib import Path

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..context import Runtime, runtime
from ..errors import ApiError
from ..serializers import THUMBNAILS_PATH

_NAME = re.compile(r"([0-9a-f]{32})\.jpg")
CACHE_CONTROL = "private, max-age=3600"


async def serve_thumbnail(request: Request) -> Response:
    """GET /thumbnails/{name}: the JPEG, or a 404 `{"error": ...}`.

    The lookup and the read run off the event loop; a file that went away in between (its job
    was deleted) is a 404 like an unknown token.
    """
    match = _NAME.fullmatch(request.path_params["name"])
    rt = runtime(request)
    path = await rt.db(_find, rt, match.group(1)) if match else None
    if path is None:
        raise ApiError(404, "Thumbnail not found")
    try:
        body = await anyio.to_thread.run_sync(path.read_bytes)
    except OSError:
        raise ApiError(404, "Thumbnail not found") from None
    return Response(body, media_type="image/jpeg", headers={"Cache-Control": CACHE_CONTROL})


def _find(rt: Runtime, token: str) -> Path | None:
    thumb = rt.store.thumbnail(token)
    return rt.data.thumbnail_file(thumb.rel_path) if thumb else None


routes = [Route(f"{THUMBNAILS_PATH}/{{name}}", serve_thumbnail, methods=["GET"])]
