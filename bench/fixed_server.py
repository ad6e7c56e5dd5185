"""A fixed-cost HTTP/1.1 server for the client benchmarks: prebuilt answers at an injected latency.

    python -m bench.fixed_server [--host 127.0.0.1] [--port 0]

prints `FIXED_SERVER_URL=http://HOST:PORT/v1` once it listens, then serves until SIGTERM/SIGINT.

Why it exists: the client rows (pagination, CPU per page, downloads, fan-out, memory) compare
clients on a small machine that the server shares. Against the emulator, every request also
costs the emulator's real work (SQLite, serializers, a web framework), which competes with the
client for the same cores and changes whenever the emulator does. Here every answer is a lookup
of bytes built once (bench/fixed_bodies.py) and one `transport.write`, the same for every
client compared, so wall time and CPU belong to the client. The server runs in its own process:
the client's CPU is the client process's own CPU time, and the server's is not in it.

Why raw asyncio and not uvicorn with a minimal ASGI app: uvicorn would add, per request, a
scope dict, header lists, an ASGI call with its send/receive coroutines and a sleeping task for
the latency; here a request costs splitting its head into lines, one dict lookup and one timer
(`loop.call_later`: no task, no thread), with the standard library only, so its cost does not
move with uvicorn's releases or parser choice, and its CPU per request is reported next to the
emulator's (bench/emulator_work.py).

HTTP/1.1 as clients use it:
- persistent connections: requests on one connection are answered one at a time, in order (a
  pipelined request waits in the buffer until the answer before it is written);
  `Connection: close`, or HTTP/1.0 without `keep-alive`, closes after the answer;
- request bodies framed by Content-Length are read and ignored; chunked request bodies get 501
  and the connection is closed (no client here sends them); malformed heads get 400 and close;
- many concurrent connections: each is a Protocol on the one event loop (backlog 1024).

Routes (the data plane: counted and answered after the latency):

    GET  /v1/frames/{id}?limit=&offset=   a registered job's page (prebuilt for limit=100),
                                          or a fan-out job: processing until its delay is over
    POST /v1/files/{id}/frames            a new fan-out job (pending), completed after the delay
    GET  /thumbnails/{token}.jpg          the same JPEG for every token (no auth, like the API)

The control plane (never delayed, never counted), used by the harness between runs:

    POST /_bench/jobs      {"frames": N, "thumbnails": bool} -> {"id": "...", "frames": N}
    PUT  /_bench/settings  {"latency_ms": float, "job_delay_seconds": float}
    GET  /_bench/stats     {"requests": {route: count}, "cpu_seconds": float}
                           (route "connections" counts the connections accepted)
    POST /_bench/stats/reset
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import socket
import sys
import time
import uuid
from collections import Counter
from typing import Any
from urllib.parse import parse_qsl

if __package__ in (None, ""):  # `python bench/fixed_server.py`
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"

from bench.fixed_bodies import (
    DEFAULT_LIMIT,
    DEFAULT_OFFSET,
    CompletedJob,
    JobTemplates,
    Reply,
    error,
    jpeg,
    json_reply,
)

URL_PREFIX = "FIXED_SERVER_URL="
API = "/v1"
#: Largest request head accepted (request line + headers).
MAX_HEAD_BYTES = 64 * 1024
BACKLOG = 1024


class Request:
    """What a route needs of one request."""

    __slots__ = ("body", "has_auth", "method", "path", "query")

    def __init__(self, method: str, target: str, has_auth: bool, body: bytes) -> None:
        self.method = method
        self.path, _, self.query = target.partition("?")
        self.has_auth = has_auth
        self.body = body


class App:
    """The routes, the registered jobs and the settings."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.latency = 0.0
        self.job_delay = 0.0
        self.jobs: dict[str, CompletedJob] = {}
        self.fanout: dict[str, float] = {}  # fan-out job id -> monotonic creation time
        self.templates = JobTemplates.build()
        self.image = jpeg()
        self.counts: Counter[str] = Counter()
        self.not_found = error(404, "not found")

    def answer(self, request: Request) -> tuple[Reply | bytes, float]:
        """The reply and how long to hold it (the latency on the data plane)."""
        path = request.path
        if path.startswith("/_bench/"):
            return self.control(request), 0.0
        if path.startswith("/thumbnails/"):
            self.counts["thumbnail"] += 1
            return (self.image if request.method == "GET" else self._method()), self.latency
        if not path.startswith(API + "/"):
            self.counts["other"] += 1
            return self.not_found, self.latency
        if not request.has_auth:
            self.counts["unauthorized"] += 1
            return error(401, "missing bearer token"), self.latency
        parts = path[len(API) + 1 :].split("/")
        if len(parts) == 2 and parts[0] == "frames":
            if request.method != "GET":
                return self._method(), self.latency
            return self.get_job(parts[1], request.query), self.latency
        if len(parts) == 3 and parts[0] == "files" and parts[2] == "frames":
            if request.method != "POST":
                return self._method(), self.latency
            return self.create_job(), self.latency
        self.counts["other"] += 1
        return self.not_found, self.latency

    def _method(self) -> Reply:
        self.counts["other"] += 1
        return error(405, "method not allowed")

    def get_job(self, job_id: str, query: str) -> Reply | bytes:
        """A page of a registered job, or the state of a fan-out job."""
        job = self.jobs.get(job_id)
        if job is not None:
            self.counts["page"] += 1
            limit, offset = DEFAULT_LIMIT, DEFAULT_OFFSET
            if query:
                params = dict(parse_qsl(query))
                try:
                    limit = int(params.get("limit", limit))
                    offset = int(params.get("offset", offset))
                except ValueError:
                    return error(400, "limit and offset must be integers")
            return job.page(limit, offset)
        created = self.fanout.get(job_id)
        if created is None:
            self.counts["other"] += 1
            return self.not_found
        self.counts["poll"] += 1
        done = time.monotonic() - created >= self.job_delay
        template = self.templates.completed if done else self.templates.processing
        return JobTemplates.render(template, job_id.encode("ascii"))

    def create_job(self) -> bytes:
        """A new fan-out job (the request body is not read: every create costs the same)."""
        self.counts["create"] += 1
        job_id = str(uuid.uuid4())
        self.fanout[job_id] = time.monotonic()
        return JobTemplates.render(self.templates.pending, job_id.encode("ascii"))

    def control(self, request: Request) -> Reply:
        """The harness's endpoints (a body that does not fit gets 400)."""
        try:
            given: dict[str, Any] = json.loads(request.body) if request.body else {}
            return self._control(request.method, request.path, given)
        except (ValueError, KeyError, TypeError) as exc:
            return error(400, f"bad control request: {exc!r}")

    def _control(self, method: str, path: str, given: dict[str, Any]) -> Reply:
        route = (method, path)
        if route == ("POST", "/_bench/jobs"):
            frames = int(given["frames"])
            thumbnails = bool(given.get("thumbnails", False))
            job_id = str(CompletedJob.id_of(frames, thumbnails))
            if job_id not in self.jobs:
                self.jobs[job_id] = CompletedJob(frames, thumbnails=thumbnails, origin=self.origin)
            return json_reply(200, {"id": job_id, "frames": frames})
        if route == ("PUT", "/_bench/settings"):
            self.latency = float(given.get("latency_ms", self.latency * 1000)) / 1000
            self.job_delay = float(given.get("job_delay_seconds", self.job_delay))
            return json_reply(
                200, {"latency_ms": self.latency * 1000, "job_delay_seconds": self.job_delay}
            )
        if route == ("GET", "/_bench/stats"):
            return json_reply(
                200, {"requests": dict(self.counts), "cpu_seconds": time.process_time()}
            )
        if route == ("POST", "/_bench/stats/reset"):
            self.counts.clear()
            self.fanout.clear()
            return json_reply(200, {})
        return self.not_found


class Connection(asyncio.Protocol):
    """One client connection: parse a request, answer it (after the latency), then the next."""

    def __init__(self, app: App) -> None:
        self._app = app
        self._transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._waiting = False  # an answer is scheduled and not yet written
        self._eof = False
        self._timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._app.counts["connections"] += 1

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._transport = None

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        self._serve()

    def eof_received(self) -> bool:
        # Half-closed by the client: answer what was asked, then close (see _serve).
        self._eof = True
        self._serve()
        return True

    def _serve(self) -> None:
        while not self._waiting and self._transport is not None:
            parsed = self._take_request()
            if parsed is None:
                if self._eof:
                    self._transport.close()
                    self._transport = None
                return
            if isinstance(parsed, Reply):  # malformed: answer and close
                self._write(parsed, keep_alive=False)
                return
            request, keep_alive = parsed
            answer, delay = self._app.answer(request)
            if delay > 0:
                self._waiting = True
                loop = asyncio.get_running_loop()
                self._timer = loop.call_later(delay, self._deliver, answer, keep_alive)
                return
            self._write(answer, keep_alive)

    def _deliver(self, answer: Reply | bytes, keep_alive: bool) -> None:
        self._timer = None
        self._waiting = False
        self._write(answer, keep_alive)
        self._serve()

    def _write(self, answer: Reply | bytes, keep_alive: bool) -> None:
        transport = self._transport
        if transport is None:
            return
        if keep_alive:
            transport.write(answer.wire if isinstance(answer, Reply) else answer)
            return
        if not isinstance(answer, Reply):
            answer = Reply(answer, answer.index(b"\r\n\r\n") + 2)
        transport.write(answer.closing)
        transport.close()
        self._transport = None

    def _take_request(self) -> tuple[Request, bool] | Reply | None:
        """The next complete request and whether to keep the connection; a Reply when the
        request is malformed; None while incomplete."""
        buffer = self._buffer
        while buffer[:2] == b"\r\n":  # empty lines before a request line are ignored
            del buffer[:2]
        end = buffer.find(b"\r\n\r\n")
        if end < 0:
            return error(431, "request head too large") if len(buffer) > MAX_HEAD_BYTES else None
        lines = buffer[:end].decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            return error(400, "malformed request line")
        method, target, version = parts
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, colon, value = line.partition(":")
            if not colon or not name or name != name.strip():
                return error(400, "malformed header line")
            headers[name.lower()] = value.strip()
        if "transfer-encoding" in headers:
            return error(501, "chunked request bodies are not supported")
        length_text = headers.get("content-length", "0")
        if not length_text.isdigit():
            return error(400, "malformed Content-Length")
        total = end + 4 + int(length_text)
        if len(buffer) < total:
            return None
        body = bytes(buffer[end + 4 : total])
        del buffer[:total]
        tokens = {t.strip().lower() for t in headers.get("connection", "").split(",")}
        # HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 closes unless told not to.
        keep_alive = "close" not in tokens if version == "HTTP/1.1" else "keep-alive" in tokens
        return Request(method, target, "authorization" in headers, body), keep_alive


async def serve(host: str, port: int) -> None:
    """Listen, announce the URL on stdout, serve until SIGTERM or SIGINT."""
    loop = asyncio.get_running_loop()
    sock = socket.create_server((host, port), backlog=BACKLOG)
    bound = sock.getsockname()
    origin = f"http://{bound[0]}:{bound[1]}"
    app = App(origin)
    server = await loop.create_server(lambda: Connection(app), sock=sock)
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    print(f"{URL_PREFIX}{origin}{API}", flush=True)
    async with server:
        await stop.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fixed_server", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    args = parser.parse_args(argv)
    asyncio.run(serve(args.host, args.port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
