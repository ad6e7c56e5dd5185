"""`cloudglue-client`: the command line over the Cloudglue client (stdlib argparse only).

Not imported by `cloudglue_client` itself, so `import cloudglue_client` stays fast.
Run `cloudglue-client --help`, or `python -m cloudglue_client.cli --help`.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from typing import Any, TextIO, cast

import httpx

from cloudglue_client import Cloudglue
from cloudglue_client._constants import API_KEY_ENV, DEFAULT_MAX_RETRIES
from cloudglue_client._logging import FORMAT, logger

from ._errors import ExitCode, Redactor, UsageError, WaitInterrupted, exit_code, one_line
from ._output import Output, OutputError, Stderr, Stdout
from ._parser import build_parser, check_text, resolve_deprecated, resume_command
from ._views import clean

__all__ = ["ExitCode", "main"]


def main(argv: Sequence[str] | None = None, *, http_client: httpx.Client | None = None) -> int:
    """Run one command and return its exit code (see ExitCode); never raises.

    `argv` defaults to `sys.argv[1:]`; `http_client` (e.g. with a mock transport) is handed to
    the Cloudglue client instead of letting it make its own. A stdout that is closed (`>&-`)
    or cannot be written fails the command (1) when it writes; a closed stderr only silences it.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    stdout, stderr = Stdout(sys.stdout), Stderr(sys.stderr)
    redact = Redactor(argv)
    try:
        try:
            with contextlib.redirect_stdout(stdout):  # --help writes to sys.stdout
                args = build_parser().parse_args(argv)
            check_text(args)
            for note in resolve_deprecated(args):
                stderr.write(note + "\n")
        except SystemExit:  # --help, --version (Parser raises UsageError for the rest)
            stdout.flush()
            return ExitCode.OK
        # The streams do what Output asks of a TextIO (write, flush, isatty, encoding).
        out = Output(
            cast(TextIO, stdout), cast(TextIO, stderr), as_json=args.json, quiet=args.quiet
        )
        code = _run(args, out, redact, http_client)
        if not stdout.broken:
            stdout.flush()
    except BrokenPipeError:  # the reader went away (e.g. `--help | head -1`): quietly
        code = ExitCode.FAILURE
    except (Exception, KeyboardInterrupt) as exc:  # the usage, or stdout (--help, last flush)
        code = _report(exc, stderr, redact)
    if stdout.broken:  # to /dev/null, so what is still buffered is not reported again at exit
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return code


def _run(args: argparse.Namespace, out: Output, redact: Redactor, http: httpx.Client | None) -> int:
    """Run the parsed command; its exit code. A key or URL of None is the library's to resolve
    from the environment."""
    if args.api_key is None and not os.environ.get(API_KEY_ENV, "").strip():
        raise UsageError(f"no API key: set {API_KEY_ENV} or pass --api-key")
    with _debug_logging(out.stderr, redact) if args.debug else contextlib.nullcontext():
        try:
            with Cloudglue(
                api_key=args.api_key,
                base_url=args.base_url,
                timeout=args.http_timeout,
                max_retries=DEFAULT_MAX_RETRIES if args.max_retries is None else args.max_retries,
                http_client=http,
            ) as cg:
                args.handler(cg, args, out)
        except BrokenPipeError:
            return ExitCode.FAILURE  # the reader went away (e.g. `| head`): quietly
        except WaitInterrupted as exc:
            resume = redact(resume_command(args, exc.group, exc.job_id))
            out.stderr.write(
                clean(f"interrupted: stopped waiting for {exc}; it goes on on the server")
                + f"\nto wait for it again: {clean(resume)}\n"
            )
            if args.api_key is not None and not os.environ.get(API_KEY_ENV, "").strip():
                out.stderr.write(
                    f"(the API key is not repeated: set {API_KEY_ENV}, or give it again)\n"
                )
            return ExitCode.INTERRUPTED
        except (Exception, KeyboardInterrupt) as exc:
            return _report(exc, out.stderr, redact, args)
    return ExitCode.OK


def _report(exc: BaseException, stderr: TextIO | Stderr, redact: Redactor, args: Any = None) -> int:
    """Print the error as one line (after a traceback with --debug), naming options as the
    command does once `args` is parsed; return its exit code."""
    if getattr(args, "debug", False) and not isinstance(exc, UsageError | OutputError):
        stderr.write(clean(redact("".join(traceback.format_exception(exc))), keep="\n"))
    stderr.write(f"error: {redact(one_line(exc, getattr(args, 'cli_fields', None)))}\n")
    stderr.flush()
    return exit_code(exc)


class _RedactingFormatter(logging.Formatter):
    """FORMAT, every secret redacted, printable but for line breaks (a record may quote the
    server's error text)."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__(FORMAT)
        self._redact = redact

    def format(self, record: logging.LogRecord) -> str:
        return clean(self._redact(super().format(record)), keep="\n")


@contextlib.contextmanager
def _debug_logging(stderr: TextIO, redact: Redactor) -> Iterator[None]:
    """--debug: the `cloudglue_client` logger at DEBUG on stderr, for this run only."""
    handler = logging.StreamHandler(stderr)
    handler.setFormatter(_RedactingFormatter(redact))
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
