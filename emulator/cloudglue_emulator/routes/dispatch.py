"""One route per path, dispatching on the method (so a wrong method is a 405 with `Allow`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

Handler = Callable[[Request], Awaitable[Response]]


def route(path: str, handlers: Mapping[str, Handler]) -> Route:
    """A route at `path` whose handler is chosen by HTTP method (HEAD falls back to GET)."""
    table = {method.upper(): handler for method, handler in handlers.items()}

    async def dispatch(request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        return await table[method](request)

    return Route(path, dispatch, methods=list(table))
