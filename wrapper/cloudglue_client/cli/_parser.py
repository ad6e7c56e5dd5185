"""The command tree, `cloudglue-client [global options] GROUP COMMAND [options]`, as tables.

A command is one row: name, handler, help, and its arguments as small builders (`opt`,
`contract`, `titled`, `either`). A `contract` option shows only its range: the client checks
it and names the option in its message (`cli_fields`). Global options are listed once, at
the top, and accepted after the command too (the last one wins).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shlex
import sys
from collections.abc import Callable, Sequence
from functools import cache, partial
from typing import Any, NamedTuple, NoReturn

import httpx

import cloudglue_client.cli._commands as cmd
from cloudglue_client import __version__
from cloudglue_client import _constants as C
from cloudglue_client._response import not_json
from cloudglue_client._validation import describe
from cloudglue_client.cli._commands import FILES, FRAMES, SEGMENTATIONS, Handler, Kind
from cloudglue_client.configs import CREATE
from cloudglue_openapi.constraints import field

from ._errors import ExitCode, UsageError
from ._output import FORMATS
from ._strategies import STRATEGIES, Strategy

PROG = "cloudglue-client"

TOP_EPILOG = f"""\
environment:
  {C.API_KEY_ENV:<20}API key when --api-key is not given (safer: argv is visible to others)
  {C.BASE_URL_ENV:<20}API root when --base-url is not given (default {C.DEFAULT_BASE_URL})
  {C.LOG_ENV:<20}debug|info: log requests to stderr (as --debug does)

Options go before the group or after the command. --http-timeout bounds each HTTP request;
--wait-timeout (wait, and commands with --wait) bounds the whole wait. --timeout, their old
shared name, still works with its old meaning in each place (before the group:
--http-timeout; after a command: --wait-timeout) and prints a deprecation note.

exit codes:
  {ExitCode.OK:<4}success
  {ExitCode.FAILURE:<4}other failure, e.g. what is local could not be written: the --output
      file, the download's DIR or manifest, stdout
  {ExitCode.USAGE:<4}usage error: bad option or argument (also when rejected by the client's checks)
  {ExitCode.API:<4}API error: error status, connection failure, timeout, malformed response,
      or (download) images that could not be downloaded
  {ExitCode.JOB:<4}job error: the job failed, is not ready yet, or --wait ran out of time
  {ExitCode.INTERRUPTED:<4}interrupted (Ctrl-C); a job being waited for goes on, and the
      command that waits for it again is printed
"""

DESCRIPTION = "Command line for the Cloudglue video API: files, frames, segmentations."
COMMAND_EPILOG = f"global options (--api-key, --json, --quiet, ...) and exit codes: {PROG} --help"


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises UsageError instead of printing usage and exiting, and takes
    no abbreviations (`--api` must not silently mean --api-key, nor hide a secret)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{"allow_abbrev": False, **kwargs})

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")

    def parse_args(self, args: Sequence[str]) -> argparse.Namespace:  # type: ignore[override]
        """Parse `args`; what no option takes is a UsageError pointing at the command's help
        (argparse would point at the top level's)."""
        words: list[str] = []
        for word in args:  # `--range -1:2` would be "expected one argument": the client says why
            if words and words[-1] == "--range" and re.match(r"-\.?\d", word):
                words[-1] = f"{words[-1]}={word}"
            else:
                words.append(word)
        parsed, extra = self.parse_known_args(words)
        if extra:  # the group and command are required: both were found
            where = f"{self.prog} {parsed.group} {parsed.command}"
            raise UsageError(f"unrecognized arguments: {' '.join(extra)} (see '{where} --help')")
        return parsed


def _whole(highest: int | None, text: str) -> int:
    """A whole number from 1 to `highest`; with none (--limit), one past sys.maxsize is taken as
    sys.maxsize, as islice takes no more and no listing holds that many."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1 or (highest is not None and value > highest):
        ceiling = "" if highest is None else f" and at most {highest}"
        raise argparse.ArgumentTypeError(f"must be at least 1{ceiling}, got {value}")
    return min(value, sys.maxsize)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text!r}")
    return value


def _output_file(text: str) -> str:
    if not text:
        raise argparse.ArgumentTypeError("expected a file name (or - for stdout), got ''")
    if os.path.isdir(text):
        raise argparse.ArgumentTypeError(f"{text!r} is a directory")
    return text


def _directory(text: str) -> str:
    if os.path.exists(text) and not os.path.isdir(text):
        raise argparse.ArgumentTypeError(f"{text!r} exists and is not a directory")
    return text


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of the range of a JSON number")
    return value


def _json_object(text: str) -> dict[str, Any]:
    """A JSON object as JSON defines it: NaN and Infinity (and 1e999, sent as Infinity) are
    refused, as the server would refuse them; so is nesting past half the recursion limit,
    which the checks after it walk (Python 3.13's decoder reads nesting past the limit)."""
    try:
        value = json.loads(text, parse_constant=not_json, parse_float=_finite)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not valid JSON ({exc})") from None
    except RecursionError:  # the decoder recurses per level of nesting (up to Python 3.12)
        raise argparse.ArgumentTypeError("not valid JSON (nested too deeply)") from None
    level = [(value, 1)]  # walked without recursion
    while level:
        item, depth = level.pop()
        if isinstance(item, dict | list):
            if depth > sys.getrecursionlimit() // 2:
                raise argparse.ArgumentTypeError("not valid JSON (nested too deeply)")
            inner = item.values() if isinstance(item, dict) else item
            level += [(child, depth + 1) for child in inner]
    if not isinstance(value, dict):
        raise argparse.ArgumentTypeError(f"expected a JSON object, got {type(value).__name__}")
    return value


def _kinds(allowed: Sequence[str], separator: str, text: str) -> list[str]:
    kinds = [kind.strip() for kind in text.split(separator)]
    for kind in kinds:
        if kind not in allowed:
            raise argparse.ArgumentTypeError(f"{kind!r} is not one of {', '.join(allowed)}")
    return kinds


class Added(NamedTuple):
    """An argument as added: argparse's action, the client's name for it in messages (None: not
    passed on under a name of its own), and whether it is a local path (never sent)."""

    action: argparse.Action
    field: str | None = None
    local: bool = False


#: Adds one argument (or a group of them) to a parser or group, returning what it added; keywords
#: override the argument's own (global options after a command: hidden, no default).
Arg = Callable[..., list[Added]]


def opt(*flags: str, field: str | None = None, local: bool = False, **kwargs: Any) -> Arg:
    """A plain argparse argument; `field`: the client's name for it, `local`: a local path."""

    def add(parser: Any, **override: Any) -> list[Added]:
        return [Added(parser.add_argument(*flags, **{**kwargs, **override}), field, local)]

    return add


def contract(operation: str, path: str, help: str, *, flag: str = "", **kwargs: Any) -> Arg:
    """An option for input `path` of `operation`, named after it unless `flag` is given, whose
    type, choices (those `supported`; a list, repeated or joined, where the contract joins
    them) and range in the help (in seconds with `seconds`) are the contract's."""
    supported, seconds = kwargs.pop("supported", None), kwargs.pop("seconds", False)
    spec = field(operation, path)
    extra: dict[str, Any] = {"help": help}
    if spec.enum is not None and spec.separator is not None:  # a list of choices
        kinds = partial(_kinds, spec.enum, spec.separator)
        listed = f"{', '.join(spec.enum)}; repeat or join with '{spec.separator}'"
        extra.update(type=kinds, action="extend", metavar="KIND", help=f"{help} ({listed})")
    elif spec.enum is not None:
        extra["choices"] = [c for c in spec.enum if supported is None or c in supported]
    elif spec.format == "date":
        extra["metavar"] = "YYYY-MM-DD"
    elif spec.type in ("integer", "number"):
        extra.update(metavar="S" if seconds else "N", type=int if spec.is_integer else float)
        if spec.bounded:
            extra["help"] = f"{help} ({describe(spec)}{' s' if seconds else ''})"
    name = flag or "--" + path.rsplit(".", 1)[-1].replace("_", "-")
    return opt(name, field=spec.name, **{**extra, **kwargs})


def titled(title: str, *args: Arg) -> Arg:
    """Arguments shown under their own title in the help."""
    return partial(_grouped, lambda parser: parser.add_argument_group(title), args)


def either(*args: Arg) -> Arg:
    """Arguments of which at most one may be given."""
    return partial(_grouped, lambda parser: parser.add_mutually_exclusive_group(), args)


def _grouped(make_group: Callable[[Any], Any], args: Sequence[Arg], parser: Any) -> list[Added]:
    group = make_group(parser)
    return [added for arg in args for added in arg(group)]


def _ident(kind: Kind) -> Arg:
    return opt("id", metavar="FILE_ID" if kind is FILES else "ID", help=f"the {kind.noun}'s id")


def _metadata(help: str = 'e.g. \'{"project": "x"}\'', **kwargs: Any) -> Arg:
    kwargs.update(type=_json_object, metavar="JSON", field="metadata")
    return opt("--metadata", help=f"JSON object: {help}", **kwargs)


def _thumbnails(what: str) -> Arg:
    help = f"make a thumbnail per {what} (default: the server's)"
    return opt("--thumbnails", action=argparse.BooleanOptionalAction, default=None, help=help)


def _options(strategy: Strategy) -> list[Arg]:
    """A strategy's options, each the contract's field of its config, under the field's name."""
    config = f"body.{strategy.config}"
    return [
        contract(CREATE, f"{config}.{o.field}", o.help, flag=o.flag, dest=o.field, **o.extra)
        for o in strategy.options
    ]


class Command(NamedTuple):
    """One subcommand: its name, handler, one-line help and arguments (in help order)."""

    name: str
    handler: Handler
    help: str
    args: Sequence[Arg]


# The options and commands below are tables: one row per argument or command.
# fmt: off
GLOBAL_OPTIONS = [
    opt("--api-key", metavar="KEY", field="api_key",
        help=f"API key (default: ${C.API_KEY_ENV}; prefer the variable)"),
    opt("--base-url", metavar="URL", field="base_url",
        help=f"API root (default: ${C.BASE_URL_ENV})"),
    opt("--max-retries", type=int, metavar="N", field="max_retries",
        help=f"retries of a failed request (default {C.DEFAULT_MAX_RETRIES})"),
    opt("--http-timeout", type=_seconds, metavar="S", field="timeout",
        help=f"timeout of each HTTP request in seconds (default {C.DEFAULT_TIMEOUT.read:g})"),
    opt("--json", action="store_true", help="print JSON (sorted keys) instead of a table"),
    opt("--quiet", "-q", action="store_true",
        help="print only ids, one per line (no table, no progress)"),
    opt("--debug", action="store_true", help="log requests to stderr and show tracebacks"),
]
FILE_ID = opt("file_id", metavar="FILE_ID", help="the file's id")
LIMIT = opt("--limit", type=partial(_whole, None), metavar="N",
            help="stop after N items (default: all)")


def _span(operation: str) -> tuple[Arg, Arg]:
    """--start and --end of the part of the video a job works on."""
    return (
        contract(operation, "body.start_time_seconds", "start of the range", flag="--start",
                 seconds=True),
        contract(operation, "body.end_time_seconds", "end of the range", flag="--end",
                 seconds=True),
    )


WAIT_TIMEOUT = (
    opt("--wait-timeout", type=_seconds, metavar="S",
        help=f"give up waiting after S seconds (default {C.DEFAULT_WAIT_TIMEOUT:g}; "
        "each HTTP request: --http-timeout)"),
    # Deprecated: --timeout meant this after a command (and the HTTP timeout before the group).
    opt("--timeout", dest="legacy_wait_timeout", type=_seconds, help=argparse.SUPPRESS),
)
WAIT = (opt("--wait", action="store_true", help="wait until the job finishes"), *WAIT_TIMEOUT)


def _job_commands(kind: Kind, get_op: str, list_op: str, download_help: str) -> list[Command]:
    """get, list, wait, delete, export and download of frame extractions or segmentations
    (`get_op`, `list_op`: their operations in openapi.yaml)."""
    noun, items, job = kind.noun, kind.items, _ident(kind)
    page = partial(contract, get_op)
    return [
        Command("get", kind.get, f"show a {noun} and one page of its {items}", [
            job,
            page("query.limit", f"{items} per page"),
            page("query.offset", f"{items} to skip"),
        ]),
        Command("list", cmd.listing(list_op, f"{kind.group}.list", kind.view),
                f"list the {noun}s of a file", [FILE_ID, LIMIT]),
        Command("wait", kind.wait, f"wait for a {noun} to finish", [job, *WAIT_TIMEOUT]),
        Command("delete", kind.delete, f"delete a {noun}", [job]),
        Command("export", kind.export, f"write every {items[:-1]} as JSON Lines or CSV", [
            job,
            opt("--format", choices=FORMATS, help="JSON Lines (default) or CSV"),
            opt("--output", "-o", type=_output_file, metavar="FILE", local=True,
                help=f"write the {items} to FILE (replaced only once complete) instead of stdout"),
            *WAIT,
        ]),
        Command("download", kind.download, download_help, [
            job,
            opt("directory", type=_directory, metavar="DIR", local=True,
                help="where the images and manifest go"),
            opt("--concurrency", type=partial(_whole, C.MAX_DOWNLOAD_CONCURRENCY),
                default=C.DEFAULT_DOWNLOAD_CONCURRENCY, metavar="N",
                help=f"images downloaded at once (default {C.DEFAULT_DOWNLOAD_CONCURRENCY}, "
                f"at most {C.MAX_DOWNLOAD_CONCURRENCY})"),
            opt("--overwrite", action="store_true", help="download again what is already in DIR"),
            *WAIT,
        ]),
    ]


def command_table() -> dict[str, tuple[str, list[Command]]]:
    """Group -> (its help, its commands in help order)."""
    frames = partial(contract, "createFileFrameExtraction")
    uni = "body.uniform_config"
    listed = partial(contract, "listFiles")
    within = partial(contract, "listFileSegments", seconds=True)
    file, segment = _ident(FILES), opt("segment_id", metavar="SEGMENT_ID", help="the segment's id")
    files = [
        Command("upload", cmd.files_upload, "upload a media file", [
            opt("path", metavar="PATH", local=True, help="file to upload"),
            opt("--filename", metavar="NAME", field="filename",
                help="the file's name on the server (default: PATH's name, with any bytes that "
                "are not UTF-8 as U+FFFD)"),
            _metadata(),
            *WAIT,
        ]),
        Command("list", cmd.files_list, "list files (default: newest first)", [
            listed("query.status", "only files with this status"),
            listed("query.order", "order by this field"),
            listed("query.sort", "sort direction"),
            listed("query.created_after", "only files created after (UTC)"),
            listed("query.created_before", "only files created before (UTC)"),
            listed("query.filter", "only files that meet every condition of this SearchFilter "
                   "(JSON object)", type=_json_object, metavar="JSON"),
            LIMIT,
        ]),
        Command("get", FILES.get, "show a file", [file]),
        Command("update", cmd.files_update, "rename a file or replace its metadata", [
            file,
            opt("--filename", metavar="NAME", field="filename", help="the new filename"),
            _metadata("the new metadata (replaces the old)"),
        ]),
        Command("wait", FILES.wait, "wait until a file is processed", [file, *WAIT_TIMEOUT]),
        Command("delete", FILES.delete, "delete a file", [file]),
        Command("thumbnails", cmd.files_thumbnails, "list the thumbnails of a file and its jobs", [
            file,
            either(
                opt("--default", dest="is_default", action="store_const", const=True,
                    help="only the file's default thumbnail"),
                opt("--not-default", dest="is_default", action="store_const", const=False,
                    help="all but the default thumbnail"),
            ),
            opt("--segmentation-id", metavar="ID", help="only the thumbnails of this segmentation"),
            contract("getThumbnails", "query.type", "only these kinds"),
            LIMIT,
        ]),
        Command("segments", cmd.files_segments, "list the segments of a file's segmentations", [
            file,
            within("query.start_time_after", "only segments starting at or after S"),
            within("query.end_time_before", "only segments ending at or before S"),
            within("query.min_duration", "only segments at least S long"),
            within("query.max_duration", "only segments at most S long"),
            LIMIT,
        ]),
    ]
    create_frames = Command("create", cmd.frames_create, "start a frame extraction of a file", [
        FILE_ID,
        frames(f"{uni}.frames_per_second", "frames per second", flag="--fps"),
        frames(f"{uni}.max_width", "max width in px"),
        _thumbnails("frame"),
        *_span("createFileFrameExtraction"),
        *WAIT,
    ])
    spanned = " and ".join(name for name, strategy in STRATEGIES.items() if strategy.spans)
    cut = Command("create", cmd.segmentations_create, "start a segmentation of a file", [
        FILE_ID,
        contract(CREATE, "body.strategy", "how to cut", required=True, supported=STRATEGIES),
        *(titled(f"--strategy {name}", *_options(strategy))
          for name, strategy in STRATEGIES.items()),
        titled(spanned, *_span(CREATE)),
        _thumbnails("segment"),
        *WAIT,
    ])
    thumbs = Command("thumbnails", cmd.thumbnails, "list a segmentation's thumbnails", [
        _ident(SEGMENTATIONS),
        contract("getSegmentationThumbnails", "query.type", "only these kinds"),
        LIMIT,
    ])
    return {
        "files": ("upload, list, show, update, wait for and delete files; their thumbnails "
                  "and segments", files),
        "frames": ("frame extraction jobs and their frames", [
            create_frames,
            *_job_commands(FRAMES, "getFrameExtraction", "listFileFrameExtractions",
                           "save every frame's thumbnail into DIR"),
        ]),
        "segmentations": ("segmentation jobs and their segments", [
            cut,
            *_job_commands(SEGMENTATIONS, "getSegmentation", "listFileSegmentations",
                           "save every segment thumbnail and keyframe into DIR"),
            thumbs,
        ]),
        "segments": ("one segment of a file: show it, label it", [
            Command("get", cmd.segments_get, "show a segment of a file", [FILE_ID, segment]),
            Command("update", cmd.segments_update, "replace a segment's metadata", [
                FILE_ID, segment, _metadata("the new metadata (replaces the old)", required=True),
            ]),
        ]),
    }


# fmt: on


@cache
def build_parser() -> Parser:
    """The whole command tree, built once per process (parsing leaves it unchanged)."""
    raw = argparse.RawDescriptionHelpFormatter
    parser = Parser(prog=PROG, description=DESCRIPTION, epilog=TOP_EPILOG, formatter_class=raw)
    style: dict[str, Any] = {"epilog": COMMAND_EPILOG, "formatter_class": raw}
    python = ".".join(map(str, sys.version_info[:3]))
    version = f"{PROG} {__version__} (python {python}, httpx {httpx.__version__})"
    parser.add_argument("--version", action="version", version=version)
    top = parser.add_argument_group("global options")
    for arg in GLOBAL_OPTIONS:
        arg(top)
    # Deprecated spelling of --http-timeout before the group (see resolve_deprecated).
    opt("--timeout", dest="legacy_http_timeout", type=_seconds, help=argparse.SUPPRESS)(parser)
    groups = parser.add_subparsers(title="groups", metavar="GROUP", dest="group", required=True)
    for name, (help, commands) in command_table().items():
        group = groups.add_parser(name, help=help, description=help)
        sub = group.add_subparsers(
            title="commands", metavar="COMMAND", dest="command", required=True
        )
        for command in commands:
            p = sub.add_parser(command.name, help=command.help, description=command.help, **style)
            added = [a for arg in command.args for a in arg(p)]
            for arg in GLOBAL_OPTIONS:  # accepted here too, listed once at the top
                added += arg(p, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
            # How the command names its arguments to the user, as their option (`--fps`) or
            # metavar (`FILE_ID`): by dest for each value sent, by the client's name for it.
            sent = {a.action.dest: _shown(a.action) for a in added if not a.local}
            fields = {a.field: _shown(a.action) for a in added if a.field is not None}
            p.set_defaults(handler=command.handler, cli_sent=sent, cli_fields=fields)
    return parser


def _shown(action: argparse.Action) -> str:
    """An argument as the user knows it: its long option, or its metavar."""
    long = [flag for flag in action.option_strings if flag.startswith("--")]
    return (long or action.option_strings or [str(action.metavar or action.dest.upper())])[0]


def check_text(args: argparse.Namespace) -> None:
    """Every value that is sent must be text the API can carry (UTF-8): argv given as bytes
    that are not UTF-8 (which Python keeps as lone surrogates), or a JSON `\\udXXX` escape,
    is a UsageError naming its option. Local paths may hold any bytes."""
    for dest, value in vars(args).items():
        if dest in args.cli_sent:
            try:
                json.dumps(value, ensure_ascii=False, default=str).encode()
            except UnicodeEncodeError:
                raise UsageError(
                    f"argument {args.cli_sent[dest]}: not valid UTF-8 text "
                    "(bytes that are not UTF-8, or a lone surrogate)"
                ) from None


def resolve_deprecated(args: argparse.Namespace) -> list[str]:
    """Give `--timeout` (dest `legacy_<new dest>`) its old meaning where the new option is
    absent; the notes to print."""
    notes = []
    for new in ("http_timeout", "wait_timeout"):
        value = getattr(args, f"legacy_{new}", None)
        if value is not None:
            notes.append(f"note: --timeout here is deprecated; use --{new.replace('_', '-')}")
            if getattr(args, new, None) is None:
                setattr(args, new, value)
    if args.json and args.quiet:
        raise UsageError("--json and --quiet cannot be combined")
    return notes


def resume_command(args: argparse.Namespace, group: str, job_id: str) -> str:
    """The command that waits again for `job_id`, with the options of this run that matter
    (never the API key: it comes from the environment, or is to be typed again)."""
    words = [PROG]
    for dest in ("base_url", "max_retries", "http_timeout"):
        if (value := getattr(args, dest)) is not None:
            words += [f"--{dest.replace('_', '-')}", _typed(value)]
    words += [group, "wait", job_id]
    if getattr(args, "wait_timeout", None) is not None:
        words += ["--wait-timeout", _typed(args.wait_timeout)]
    words += ["--json"] * args.json + ["--quiet"] * args.quiet
    return shlex.join(words)


def _typed(value: object) -> str:
    """A value as the user typed it: 7.5, 90 (not 90.0), 12345.678."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
