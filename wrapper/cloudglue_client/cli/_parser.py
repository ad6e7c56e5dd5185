"""The argparse command tree: `cloudglue-client GROUP COMMAND [options]`."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import Any, NoReturn

from .. import _constants as C
from .. import _validation as v
from .._identity import version_line
from ..configs import CREATE as CREATE_SEGMENTATION
from ..resources.files import LIST as LIST_FILES
from ..resources.frames import CREATE as CREATE_FRAMES
from . import _commands as cmd
from . import _download as dl
from ._errors import ExitCode, UsageError
from ._export import FORMATS

PROG = "cloudglue-client"

EXIT_CODES = f"""\
exit codes:
  {ExitCode.OK:<4}success
  {ExitCode.FAILURE:<4}other failure (e.g. the --output file could not be written)
  {ExitCode.USAGE:<4}usage error: bad option or argument (also when rejected by the client's checks)
  {ExitCode.API:<4}API error: error status, connection failure, timeout, malformed response,
      or (download) images that could not be downloaded
  {ExitCode.JOB:<4}job error: the job failed, is not ready yet, or --wait ran out of time
  {ExitCode.INTERRUPTED:<4}interrupted (Ctrl-C)
"""

TOP_EPILOG = f"""\
environment:
  {C.API_KEY_ENV:<20}API key when --api-key is not given (safer: argv is visible to others)
  {C.BASE_URL_ENV:<20}API root when --base-url is not given (default {C.DEFAULT_BASE_URL})
  {C.LOG_ENV:<20}debug|info: log requests to stderr (as --debug does)

Options go before the group or after the command. --http-timeout bounds each HTTP request;
--wait-timeout (create, upload and export with --wait, and wait) bounds the whole wait.
--timeout, their old shared name, still works with its old meaning in each place (before
the group: --http-timeout; after a command: --wait-timeout) and prints a deprecation note.

{EXIT_CODES}"""


LEGACY_HTTP = "legacy_http_timeout"
LEGACY_WAIT = "legacy_wait_timeout"


def resolve_deprecated(args: argparse.Namespace) -> list[str]:
    """Give `--timeout` its old meaning where the new option is absent; the notes to print."""
    notes = []
    for legacy, new, flag in (
        (LEGACY_HTTP, "http_timeout", "--http-timeout"),
        (LEGACY_WAIT, "wait_timeout", "--wait-timeout"),
    ):
        value = getattr(args, legacy, None)
        if value is not None:
            notes.append(f"note: --timeout here is deprecated; use {flag}")
            if getattr(args, new, None) is None:
                setattr(args, new, value)
    if args.json and args.quiet:
        raise UsageError("--json and --quiet cannot be combined")
    return notes


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises UsageError instead of printing usage and exiting."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # No abbreviations: `--api` must not silently mean --api-key (nor hide a secret).
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


# -- argument types -----------------------------------------------------------------------------


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text!r}")
    return value


def _time_range(text: str) -> tuple[float, float]:
    start, sep, end = text.partition(":")
    try:
        if not sep:
            raise ValueError
        return float(start), float(end)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected START:END in seconds, got {text!r}") from None


def _contract_option(
    parser: argparse.ArgumentParser | argparse._ArgumentGroup,
    flag: str,
    operation: str,
    path: str,
    help: str,
    *,
    unit: str = "",
    **kwargs: Any,
) -> None:
    """An option whose type, choices and allowed range in the help come from openapi.yaml.

    The range itself is checked by the library call the command makes (same message).
    """
    spec = v.contract(operation, path)
    supported = kwargs.pop("supported", None)
    if spec.enum is not None:
        kwargs["choices"] = [c for c in spec.enum if supported is None or c in supported]
    elif spec.type in ("integer", "number"):
        kwargs.setdefault("metavar", "N")
        kwargs["type"] = int if spec.is_integer else float
        if spec.bounded:
            help = f"{help} ({v.describe(spec)}{unit})"
    parser.add_argument(flag, help=help, **kwargs)


# -- options shared by many commands ------------------------------------------------------------


def _connection_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Options accepted before the group and again after the command (last one wins)."""
    default: Any = None if top else argparse.SUPPRESS
    group = parser.add_argument_group("global options")
    group.add_argument(
        "--api-key",
        default=default,
        metavar="KEY",
        help=f"API key (default: ${C.API_KEY_ENV}; prefer the variable)",
    )
    group.add_argument(
        "--base-url", default=default, metavar="URL", help=f"API root (default: ${C.BASE_URL_ENV})"
    )
    group.add_argument(
        "--max-retries",
        type=int,
        default=default,
        metavar="N",
        help=f"retries of a failed request (default {C.DEFAULT_MAX_RETRIES})",
    )
    group.add_argument(
        "--http-timeout",
        type=_seconds,
        default=default,
        metavar="S",
        help=f"timeout of each HTTP request in seconds (default {C.DEFAULT_TIMEOUT.read:g})",
    )
    group.add_argument(
        "--json",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="print JSON (sorted keys) instead of a table",
    )
    group.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="print only ids, one per line (no table, no progress)",
    )
    group.add_argument(
        "--debug",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="log requests to stderr and show tracebacks",
    )


def _wait_options(parser: argparse.ArgumentParser, *, flag: bool = True) -> None:
    if flag:
        parser.add_argument("--wait", action="store_true", help="wait until the job finishes")
    parser.add_argument(
        "--wait-timeout",
        type=_seconds,
        metavar="S",
        help=f"give up waiting after S seconds (default {C.DEFAULT_WAIT_TIMEOUT:g})",
    )
    # Deprecated: --timeout meant this after a command (and the HTTP timeout before the group).
    parser.add_argument("--timeout", dest=LEGACY_WAIT, type=_seconds, help=argparse.SUPPRESS)


def _page_options(parser: argparse.ArgumentParser, kind: str, operation: str) -> None:
    _contract_option(parser, "--limit", operation, "query.limit", f"{kind} per page")
    _contract_option(parser, "--offset", operation, "query.offset", f"{kind} to skip")


def _list_limit(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--limit", type=_positive_int, metavar="N", help="stop after N items (default: all)"
    )


def _thumbnails(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--thumbnails",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=f"make a thumbnail per {what} (default: the server's)",
    )


def _export_options(parser: argparse.ArgumentParser, kind: str) -> None:
    parser.add_argument(
        "--format", choices=FORMATS, default="jsonl", help="JSON Lines (default) or CSV"
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help=f"write the {kind} to FILE (replaced only once complete) instead of stdout",
    )
    _wait_options(parser)


def _download_options(parser: argparse.ArgumentParser, noun: str) -> None:
    parser.add_argument("id", metavar="ID", help=f"the {noun}'s id")
    parser.add_argument("directory", metavar="DIR", help="where the images and manifest go")
    parser.add_argument(
        "--concurrency",
        type=_positive_int,
        default=C.DEFAULT_DOWNLOAD_CONCURRENCY,
        metavar="N",
        help=f"images downloaded at once (default {C.DEFAULT_DOWNLOAD_CONCURRENCY}, "
        f"at most {C.MAX_DOWNLOAD_CONCURRENCY})",
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="download again what is already in DIR"
    )
    parser.add_argument("--wait", action="store_true", help="wait until the job finishes first")


# -- the tree -----------------------------------------------------------------------------------


class _Group:
    """Adds commands to one group's subparsers with the shared options."""

    def __init__(self, sub: argparse._SubParsersAction[Parser]) -> None:
        self._sub = sub

    def add(self, name: str, handler: cmd.Handler, help: str) -> argparse.ArgumentParser:
        parser = self._sub.add_parser(
            name,
            help=help,
            description=help,
            epilog=EXIT_CODES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        parser.set_defaults(handler=handler)
        _connection_options(parser, top=False)
        return parser


def _group(
    sub: argparse._SubParsersAction[Parser], name: str, help: str, build: Callable[[_Group], None]
) -> None:
    parser = sub.add_parser(name, help=help, description=help)
    commands = parser.add_subparsers(
        title="commands", metavar="COMMAND", dest="command", required=True
    )
    build(_Group(commands))


def _files(group: _Group) -> None:
    p = group.add("upload", cmd.files_upload, "upload a media file")
    p.add_argument("path", metavar="PATH", help="file to upload")
    p.add_argument("--metadata", metavar="JSON", help='JSON object, e.g. \'{"project": "x"}\'')
    _wait_options(p)
    p = group.add("list", cmd.files_list, "list files, newest first")
    _contract_option(p, "--status", LIST_FILES, "query.status", "only files with this status")
    _list_limit(p)
    p = group.add("get", cmd.files_get, "show a file")
    p.add_argument("file_id", metavar="FILE_ID", help="the file's id")
    p = group.add("delete", cmd.files_delete, "delete a file")
    p.add_argument("file_id", metavar="FILE_ID", help="the file's id")


def _frames(group: _Group) -> None:
    noun = "frame extraction"
    p = group.add("create", cmd.frames_create, "start a frame extraction of a file")
    p.add_argument("file_id", metavar="FILE_ID", help="the file's id")
    uniform = "body.uniform_config"
    _contract_option(p, "--fps", CREATE_FRAMES, f"{uniform}.frames_per_second", "frames per second")
    _contract_option(p, "--max-width", CREATE_FRAMES, f"{uniform}.max_width", "max width in px")
    _thumbnails(p, "frame")
    p.add_argument("--start", type=float, metavar="S", help="start of the range, in seconds")
    p.add_argument("--end", type=float, metavar="S", help="end of the range, in seconds")
    _wait_options(p)
    _job_commands(
        group, "frame extraction", "frames", cmd.frames_get, cmd.frames_list, "getFrameExtraction"
    )
    p = group.add("wait", cmd.frames_wait, "wait for a frame extraction to finish")
    p.add_argument("id", metavar="ID", help=f"the {noun}'s id")
    _wait_options(p, flag=False)
    p = group.add("delete", cmd.frames_delete, "delete a frame extraction")
    p.add_argument("id", metavar="ID", help=f"the {noun}'s id")
    p = group.add("export", cmd.frames_export, "write every frame as JSON Lines or CSV")
    p.add_argument("id", metavar="ID", help=f"the {noun}'s id")
    _export_options(p, "frames")
    p = group.add("download", dl.frames_download, "save every frame's thumbnail into DIR")
    _download_options(p, noun)


def _segmentations(group: _Group) -> None:
    noun = "segmentation"
    p = group.add("create", cmd.segmentations_create, "start a segmentation of a file")
    p.add_argument("file_id", metavar="FILE_ID", help="the file's id")
    op = CREATE_SEGMENTATION
    _contract_option(
        p, "--strategy", op, "body.strategy", "how to cut", required=True, supported=cmd.STRATEGIES
    )
    uni = p.add_argument_group("--strategy uniform")
    block = "body.uniform_config"
    _contract_option(
        uni, "--window", op, f"{block}.window_seconds", "window length", unit=" s", metavar="S"
    )
    _contract_option(
        uni,
        "--hop",
        op,
        f"{block}.hop_seconds",
        "step between windows, default: the window",
        unit=" s",
        metavar="S",
    )
    shot = p.add_argument_group("--strategy shot-detector")
    block = "body.shot_detector_config"
    _contract_option(
        shot, "--detector", op, f"{block}.detector", f"algorithm (default {C.DEFAULT_DETECTOR})"
    )
    for flag, key, text in (
        ("--threshold", "threshold", "sensitivity, lower cuts more"),
        ("--min-seconds", "min_seconds", "shortest segment"),
        ("--max-seconds", "max_seconds", "longest segment"),
    ):
        _contract_option(shot, flag, op, f"{block}.{key}", text, metavar="X")
    shot.add_argument(
        "--fill-gaps",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="turn gaps between shots into segments (default: the server's)",
    )
    man = p.add_argument_group("--strategy manual")
    man.add_argument(
        "--range",
        dest="ranges",
        action="append",
        type=_time_range,
        metavar="START:END",
        help="one segment in seconds; repeat for more",
    )
    span = p.add_argument_group("uniform and shot-detector")
    span.add_argument("--start", type=float, metavar="S", help="start of the range, in seconds")
    span.add_argument("--end", type=float, metavar="S", help="end of the range, in seconds")
    _thumbnails(p, "segment")
    _wait_options(p)
    _job_commands(
        group,
        "segmentation",
        "segments",
        cmd.segmentations_get,
        cmd.segmentations_list,
        "getSegmentation",
    )
    p = group.add("wait", cmd.segmentations_wait, "wait for a segmentation to finish")
    p.add_argument("id", metavar="ID", help=f"the {noun}'s id")
    _wait_options(p, flag=False)
    p = group.add("delete", cmd.segmentations_delete, "delete a segmentation")
    p.add_argument("id", metavar="ID", help=f"the {noun}'s id")
    p = group.add("export", cmd.segmentations_export, "write every segment as JSON Lines or CSV")
    p.add_argument("id", metavar="ID", help=f"the {noun}'s id")
    _export_options(p, "segments")
    p = group.add(
        "download", dl.segmentations_download, "save every segment thumbnail and keyframe into DIR"
    )
    _download_options(p, noun)
    p = group.add("thumbnails", dl.segmentations_thumbnails, "list a segmentation's thumbnails")
    p.add_argument("id", metavar="ID", help=f"the {noun}'s id")
    p.add_argument("--type", metavar="TYPES", help="only these types, e.g. segment,keyframe")
    _list_limit(p)


def _job_commands(
    group: _Group, noun: str, items: str, get: cmd.Handler, list_: cmd.Handler, operation: str
) -> None:
    p = group.add("get", get, f"show a {noun} and one page of its {items}")
    p.add_argument("id", metavar="ID", help=f"the {noun}'s id")
    _page_options(p, items, operation)
    p = group.add("list", list_, f"list the {noun}s of a file")
    p.add_argument("file_id", metavar="FILE_ID", help="the file's id")
    _list_limit(p)


def build_parser() -> Parser:
    """The whole command tree."""
    parser = Parser(
        prog=PROG,
        description="Command line for the Cloudglue video API: files, frames, segmentations.",
        epilog=TOP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=version_line(PROG))
    _connection_options(parser, top=True)
    # Deprecated spelling of --http-timeout before the group (see resolve_deprecated).
    parser.add_argument("--timeout", dest=LEGACY_HTTP, type=_seconds, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(title="groups", metavar="GROUP", dest="group", required=True)
    _group(sub, "files", "upload, list, show and delete files", _files)
    _group(sub, "frames", "frame extraction jobs and their frames", _frames)
    _group(sub, "segmentations", "segmentation jobs and their segments", _segmentations)
    return parser
