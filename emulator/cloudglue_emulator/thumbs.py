"""Serving thumbnails at `/thumbnails/<token>.jpg` (no auth; the token is an unguessable uuid4).

The token is looked up in the database; the stored relative path must resolve to a file
inside `thumbs/`, so nothing else in (or outside) the data dir can be read through this URL.
"""

from __future__ import annotations

import re
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from .context import Runtime, runtime
from .errors import ApiError
from .serializers import THUMBNAILS_PATH

_NAME = re.compile(r"([0-9a-f]{32})\.jpg")
CACHE_CONTROL = "private, max-age=3600"
#: Thumbnails up to this size are read in one go; larger ones are streamed from a thread.
INLINE_BYTES = 1 << 20


async def serve_thumbnail(request: Request) -> Response:
    """GET /thumbnails/{name}: the JPEG, or a 404 `{"error": ...}`."""
    match = _NAME.fullmatch(request.path_params["name"])
    rt = runtime(request)
    path = await rt.db(_find, rt, match.group(1)) if match else None
    if path is None:
        raise ApiError(404, "Thumbnail not found")
    headers = {"Cache-Control": CACHE_CONTROL}
    try:
        if path.stat().st_size <= INLINE_BYTES:
            # One read on the loop beats FileResponse's thread hops: half the time per thumbnail.
            return Response(path.read_bytes(), media_type="image/jpeg", headers=headers)
    except OSError:
        raise ApiError(404, "Thumbnail not found") from None
    return FileResponse(path, media_type="image/jpeg", headers=headers)


def _find(rt: Runtime, token: str) -> Path | None:
    thumb = rt.store.thumbnail(token)
    return rt.data.thumbnail_file(thumb.rel_path) if thumb else None


routes = [Route(f"{THUMBNAILS_PATH}/{{name}}", serve_thumbnail, methods=["GET"])]
