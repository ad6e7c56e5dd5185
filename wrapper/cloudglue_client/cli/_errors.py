"""Exit codes, the one-line error report, and keeping secrets out of everything printed."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Mapping, Sequence
from enum import IntEnum

from cloudglue_client import DownloadError
from cloudglue_client._constants import API_KEY_ENV
from cloudglue_client.errors import (
    CloudglueError,
    JobFailedError,
    JobNotReadyError,
    WaitTimeoutError,
)

from ._output import OutputError
from ._views import clean

#: Values shorter than this are not treated as secrets (redacting them would mangle messages).
_MIN_SECRET = 6


class ExitCode(IntEnum):
    """What the process exit status means."""

    OK = 0
    FAILURE = 1
    USAGE = 2
    API = 3
    JOB = 4
    INTERRUPTED = 130


class UsageError(Exception):
    """A command line that cannot be run as given."""


class WaitInterrupted(KeyboardInterrupt):
    """Ctrl-C while waiting for a job the server goes on running: names the job."""

    def __init__(self, group: str, noun: str, job_id: object) -> None:
        super().__init__(f"{noun} {job_id}")
        self.group, self.job_id = group, str(job_id)


def exit_code(exc: BaseException) -> ExitCode:
    """The exit code of `exc`: a local file, directory or stdout that cannot be written fails the
    run (1), not the API (a DownloadError is DIR or manifest; failed images are the API's, 3)."""
    if isinstance(exc, OutputError | DownloadError):
        return ExitCode.FAILURE
    if isinstance(exc, UsageError | ValueError | TypeError):
        return ExitCode.USAGE
    if isinstance(exc, JobFailedError | WaitTimeoutError | JobNotReadyError):
        return ExitCode.JOB
    if isinstance(exc, CloudglueError):
        return ExitCode.API
    if isinstance(exc, KeyboardInterrupt):
        return ExitCode.INTERRUPTED
    return ExitCode.FAILURE


def one_line(exc: BaseException, flags: Mapping[str, str] | None = None) -> str:
    """The exception as one line of text, whole (an API error ends with the request id to quote
    to support) and printable. An argument the client rejects (ValueError, TypeError) is named
    as the user typed it, through `flags`: `--fps: ...` for `frames_per_second: ...`."""
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted"
    text = clean(" ".join(str(exc).split()))
    if flags and isinstance(exc, ValueError | TypeError):
        # A name the client quotes (`name: why`, `name (value)`) becomes its option; names
        # inside others (`segments[0].end_time`) stay.
        names = "|".join(re.escape(name) for name in sorted(flags, key=len, reverse=True))
        pattern = re.compile(rf"(?<![\w.\]\[-])({names})(?=: | \()")
        text = pattern.sub(lambda match: flags[match.group(1)], text)
    if isinstance(exc, JobNotReadyError):
        text = text.replace("pass wait=True", "use --wait")  # the library's hint, in CLI terms
    return text or type(exc).__name__


class Redactor:
    """Replaces every known secret (the API key from argv or the environment) in text."""

    def __init__(self, argv: Sequence[str]) -> None:
        """Secrets given as `--api-key KEY` / `--api-key=KEY`, plus CLOUDGLUE_API_KEY."""
        found = {os.environ.get(API_KEY_ENV, "").strip()}
        for arg, after in itertools.pairwise([*argv, ""]):
            if arg == "--api-key":
                found.add(after.strip())
            elif arg.startswith("--api-key="):
                found.add(arg.partition("=")[2].strip())
        # Longest first, so a secret that contains another is replaced whole.
        self._secrets = sorted((s for s in found if len(s) >= _MIN_SECRET), key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        return text
