"""The client's exceptions: one base class, then status, transport, response and job errors."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Mapping
from typing import Any

from ._logging import printable
from ._response import APIResponse, parse_json

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "CloudglueError",
    "ConflictError",
    "InternalServerError",
    "JobFailedError",
    "JobNotReadyError",
    "NoThumbnailsError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "UnsupportedMediaTypeError",
    "WaitTimeoutError",
]


class CloudglueError(Exception):
    """Base class of every error this client raises (besides ValueError/TypeError for bad input)."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as message and attributes: unpickling would call __init__ with the message
        # alone, which subclasses refuse (breaking a ProcessPoolExecutor whose worker raised).
        return _rebuilt, (type(self), self.args, self.__dict__)


def _rebuilt(kind: type[CloudglueError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    """An unpickled error: `kind` with its message and attributes, without calling __init__."""
    error = kind.__new__(kind, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class APIStatusError(CloudglueError):
    """The server answered with a non-2xx status.

    `response` is what came back (status, headers, body), `body` its parsed JSON (the API's
    `{"error": ...}`) when it is JSON, `request_id` the server's id of the request (quote it
    to support), `retry_after` its Retry-After in seconds.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        method: str,
        url: str,
        headers: dict[str, str] | None = None,
        retry_after: float | None = None,
        response: APIResponse | None = None,
        hint: str = "",
    ) -> None:
        self.message = message
        self.retry_after = retry_after
        self.status_code = status_code
        self.method = method
        self.url = url
        self.headers = headers or {}
        self.response = response
        self.request_id = response.request_id if response is not None else None
        self.body: Any = None
        if response is not None:
            with contextlib.suppress(ValueError):
                self.body = response.json()
        named = f" (request id {self.request_id[:MESSAGE_LIMIT]})" if self.request_id else ""
        super().__init__(f"{status_code} {method} {url}: {printable(message)}{hint}{named}")


class BadRequestError(APIStatusError):
    """400: the request broke the API contract."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing or wrong."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not do this."""


class NotFoundError(APIStatusError):
    """404: no such resource."""


class ConflictError(APIStatusError):
    """409: the resource is in a conflicting state."""


class UnsupportedMediaTypeError(APIStatusError):
    """415: the uploaded content is not a supported media type."""


class UnprocessableEntityError(APIStatusError):
    """422: the request was understood but cannot be processed."""


class RateLimitError(APIStatusError):
    """429: rate or account limit. `retry_after` is the server's hint in seconds, if any."""


class InternalServerError(APIStatusError):
    """5xx: the server failed."""


class APIConnectionError(CloudglueError):
    """The request did not get a response (DNS, refused, reset, protocol error)."""

    def __init__(self, message: str, *, method: str, url: str) -> None:
        self.method = method
        self.url = url
        super().__init__(f"{method} {url}: {message}")


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class APIResponseValidationError(CloudglueError):
    """A 2xx response whose body does not match the API contract (`response`: what came)."""

    def __init__(
        self,
        detail: str,
        *,
        operation: str,
        status_code: int | None = None,
        response: APIResponse | None = None,
    ) -> None:
        self.detail = detail
        self.operation = operation
        self.status_code = status_code
        self.response = response
        self.request_id = response.request_id if response is not None else None
        named = f" (request id {self.request_id[:MESSAGE_LIMIT]})" if self.request_id else ""
        super().__init__(
            f"{operation}: response does not match the API contract: {printable(detail)}{named}"
        )


class ClientClosedError(CloudglueError):
    """The client was closed: before this call, or while it was in flight. Never retried."""

    def __init__(self, *, in_flight: bool = False) -> None:
        self.in_flight = in_flight
        when = "while this call was in flight" if in_flight else "before this call"
        super().__init__(f"the client was closed {when}; create a new client to make calls")


class JobFailedError(CloudglueError):
    """A job ended `failed`. `job` is the last state seen."""

    def __init__(self, job: Any, *, reason: str | None = None) -> None:
        self.job = job
        self.reason = reason
        suffix = f": {printable(reason)}" if reason else ""
        super().__init__(f"job {_job_id(job)} failed{suffix}")


class WaitTimeoutError(CloudglueError, TimeoutError):
    """A wait reached its deadline. `job` is the last state seen."""

    def __init__(self, job: Any, *, timeout: float, job_id: str | None = None) -> None:
        self.job = job
        self.timeout = timeout
        if job is None:  # no poll answered: the id asked for is all there is to name
            super().__init__(f"job {job_id or '?'}: no poll answered within {timeout:g}s")
            return
        status = printable(f"{getattr(job, 'status', '?')}")
        super().__init__(f"job {_job_id(job)} still {status} after {timeout:g}s")


class JobNotReadyError(CloudglueError):
    """Results were asked for before the job completed."""

    def __init__(self, job: Any) -> None:
        self.job = job
        status = printable(f"{getattr(job, 'status', '?')}")
        super().__init__(
            f"job {_job_id(job)} is {status}, not completed: wait for it first (or pass wait=True)"
        )


def _job_id(job: Any) -> str:
    ids = (getattr(job, name, None) for name in ("frame_extraction_id", "segmentation_id", "id"))
    return str(next((value for value in ids if value is not None), "?"))


class NoThumbnailsError(CloudglueError):
    """A download was asked of a job that has no thumbnails; the message says how to enable them."""

    def __init__(self, job: Any, hint: str) -> None:
        self.job = job
        super().__init__(f"job {_job_id(job)} has no thumbnails: {hint}")


#: The error class of each status code (other 5xx: InternalServerError; the rest: APIStatusError).
STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    415: UnsupportedMediaTypeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}
#: Statuses that redirect (to the Location header).
REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: The most of a server's text quoted in a message.
MESSAGE_LIMIT = 300


def status_error(
    response: APIResponse,
    *,
    url: str,
    retry_after: float | None = None,
    hint: str = "",
    redact: Callable[[str], str] = str,
) -> APIStatusError:
    """The APIStatusError subclass for a non-2xx answer (redirects too: never followed), for
    `url` as messages show it; `redact` removes what must never be shown (the API key) from
    everything the server sent back, before the error keeps it."""
    status = response.status_code
    response = redacted(response, redact, url)
    headers = response.headers
    kind = STATUS_ERRORS.get(status, InternalServerError if 500 <= status < 600 else APIStatusError)
    if status in REDIRECTS and "location" in headers:
        location = headers["location"][:MESSAGE_LIMIT]
        message = f"redirect to {location!r} not followed (the API does not redirect)"
    else:
        message = server_message(headers, response.content)
    return kind(
        message,
        status_code=status,
        method=response.method,
        url=url,
        headers={k: v for k, v in headers.items() if k.lower() != "set-cookie"},
        retry_after=retry_after,
        response=response,
        hint=hint,
    )


def redacted(response: APIResponse, redact: Callable[[str], str], url: str) -> APIResponse:
    """A copy of `response` (for `url` as messages show it) that an error may keep: what
    `redact` removes is gone from its headers and its body, also where JSON escaped it
    (`\\u002d`, `\\/`) or encoded it in UTF-16, so that parsing the body cannot restore it."""
    content = _redacted(response.content, redact)
    with contextlib.suppress(ValueError, RecursionError):
        text = json.dumps(parse_json(content), ensure_ascii=False)
        if redact(text) != text:  # escaped in the body: keep it as re-encoded JSON instead
            content = redact(text).encode()
    headers = [(k, _redacted(v, redact)) for k, v in response.raw_headers]
    return APIResponse(response.status_code, headers, content, response.method, url)


def _redacted(data: bytes, redact: Callable[[str], str]) -> bytes:
    # latin-1 maps every byte to one character and back: only what `redact` replaces changes.
    return redact(data.decode("latin-1")).encode("latin-1")


def api_error(body: bytes) -> str | None:
    """The `error` of the API's Error body (`{"error": "..."}`), else None."""
    with contextlib.suppress(ValueError):
        parsed = parse_json(body)
        if isinstance(parsed, dict) and isinstance(parsed.get("error"), str):
            return str(parsed["error"])
    return None


def server_message(headers: Mapping[str, str], body: bytes) -> str:
    """The `error` of an Error body, else a short description of what came back."""
    if (error := api_error(body)) is not None:
        return error[:MESSAGE_LIMIT]
    ctype = headers.get("content-type", "no content type")
    if not body:
        return f"empty body ({ctype})"
    with contextlib.suppress(ValueError):
        if "json" in ctype and parse_json(body) is not None:
            return body.decode("utf-8", "replace")[:MESSAGE_LIMIT]
    return f"non-JSON body ({ctype}, {len(body)} bytes)"
