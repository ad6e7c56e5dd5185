"""The HTTP routes: one module per resource of openapi.yaml (`files`, a file's segments in
`file_segments`, `frames`, `segmentations`, with the job routes the last two share in `jobs`),
plus `thumbnails` (the JPEGs) and the emulator's own `admin` endpoints.

Routes reach the database, the data dir and the job queue through the `Runtime` (`context`);
they import nothing from the job runner.
"""

from __future__ import annotations

from starlette.routing import Route

from . import admin, file_segments, files, frames, segmentations, thumbnails


def all_routes() -> list[Route]:
    """Every route of the app."""
    return [
        *files.routes,
        *file_segments.routes,
        *frames.routes,
        *segmentations.routes,
        *thumbnails.routes,
        *admin.routes,
    ]
