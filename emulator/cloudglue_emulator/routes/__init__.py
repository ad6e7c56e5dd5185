"""The HTTP routes: one module per resource of openapi.yaml (`files`, `frames`,
`segmentations`, with the job routes the last two share in `jobs`), plus `thumbnails` and the
emulator's own `admin` endpoints.

Routes reach the database, the data dir and the job queue through the `Runtime` (`context`);
they import nothing from the job runner.
"""

from __future__ import annotations

from starlette.routing import Route

from . import admin, files, frames, segmentations, thumbnails


def all_routes() -> list[Route]:
    """Every route of the app."""
    return [
        *files.routes,
        *frames.routes,
        *segmentations.routes,
        *thumbnails.routes,
        *admin.routes,
    ]
