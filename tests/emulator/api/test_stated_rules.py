"""Every 400 the emulator can answer is a rule openapi.yaml states.

The emulator's 400s are read from its source (AST): each `ValidationError(field, message)`,
`ApiError(400, message)` and `send_error(..., 400, message)`, as `module:function: field:
message template`. Each must be listed in STATED with where openapi.yaml states the rule: a
place in the spec and words found there. A new message the table does not list fails the
test (state the rule in openapi.yaml, then list it here), and so does a listed one the spec
no longer states, or one the code no longer has.

Messages of checks driven by the generated constraints (a field's type, enum, bounds,
required fields, x-rules) are stated by the field itself; their evidence is the contract's
promise that `make generate` carries those into the emulator, plus the statement of the rule
kind. The emulator's own admin endpoint (`/_emulator/faults`, outside openapi.yaml) is listed
apart, in ADMIN_ONLY.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import cloudglue_emulator
from cloudglue_emulator import uploads, validation
from tests.support.spec import spec

PACKAGE = Path(cloudglue_emulator.__file__).resolve().parent

Evidence = tuple[tuple[str, ...], str]
"""(keys leading to a node of openapi.yaml, words its text holds)."""

INFO = ("info", "description")
SEGMENTATIONS = ("paths", "/files/{file_id}/segmentations", "post", "description")
FRAMES = ("paths", "/files/{file_id}/frames", "post", "description")
FILTER = ("paths", "/files", "get", "parameters", "filter", "description")
SCHEMAS = ("components", "schemas")
UPLOAD = ("paths", "/files", "post", "requestBody", "content")

CONTRACT: Evidence = (INFO, "with every bound, enum and required field of the request inputs")
X_RULES: Evidence = (INFO, "`x-rules` on an object schema lists cross-field rules")
UUID: Evidence = (("components", "parameters", "SegmentId", "schema", "format"), "uuid")
MULTIPART: Evidence = (UPLOAD, "multipart/form-data")
UPLOAD_LIMITS: Evidence = (INFO, "Limits of the local emulator that the hosted service does")
JOB_LIMIT: Evidence = (INFO, "than the emulator's limit per job (`--max-job-results`")

STATED: dict[str, list[Evidence]] = {
    # ---- job configs (configs.py) ---------------------------------------------------------
    "configs.py:check_frame_count: uniform_config.frames_per_second: {count} frames"
    " ({fmt(round(hi - lo, 6))} s at {fmt(spec.fps)} per second) are more than"
    " {over_limit(limit)}; lower frames_per_second or narrow"
    " start_time_seconds/end_time_seconds": [JOB_LIMIT],
    "configs.py:segment_limit_error: {where}: {segments} segments are more than"
    " {over_limit(limit)}": [JOB_LIMIT],
    "configs.py:segment_limit_error: keyframe_config.frames_per_segment: {segments} segments"
    " with {per} thumbnails each ({segments * per}) are more than {over_limit(limit)}; lower"
    " frames_per_segment or turn segment thumbnails off": [JOB_LIMIT],
    "configs.py:_past_end: {field}: file duration is less than the specified time range"
    " (file duration {fmt(duration)} s, {field} {fmt(value)} s)": [
        (FRAMES, "400 when the file is shorter than the requested range"),
        (SEGMENTATIONS, "when the requested range starts at or after the end of the file"),
    ],
    "configs.py:check_segmentation_config: strategy: {strategy} segmentation is not available"
    " in the local emulator ({why}); use {', '.join(_STRATEGIES)}": [
        (SEGMENTATIONS, "The local emulator cannot run `narrative`"),
    ],
    "configs.py:check_segmentation_config: {block}: not allowed with strategy {strategy};"
    " send only {own}": [(SEGMENTATIONS, "or a block of another strategy, is a 400")],
    "configs.py:check_segmentation_config: {own}: required when strategy is {strategy}": [
        (SEGMENTATIONS, "a missing matching block")
    ],
    "configs.py:_uniform: uniform_config.window_seconds: required by the emulator": [
        ((*SCHEMAS, "UniformConfig", "required"), "window_seconds")
    ],
    "configs.py:_manual: {name}: must hold at least one segment": [
        ((*SCHEMAS, "ManualConfig", "properties", "segments", "description"), "At least one")
    ],
    "configs.py:_manual: {name}: must hold at least {spec.min_items} segments": [CONTRACT],
    "configs.py:_manual: {name}: must hold at most {spec.max_items} segments": [CONTRACT],
    "configs.py:_manual: {where}: start_time and end_time are required by the emulator": [
        ((*SCHEMAS, "ManualSegment", "required"), "start_time"),
        ((*SCHEMAS, "ManualSegment", "required"), "end_time"),
    ],
    "configs.py:_keyframes: keyframe_config.frames_per_segment: required by the emulator": [
        ((*SCHEMAS, "KeyframeConfig", "required"), "frames_per_segment")
    ],
    "configs.py:check_segmentation_against_duration: uniform_config.window_seconds: the file"
    " is shorter than the window ({fmt(round(hi - lo, 6))} s in range, window"
    " {fmt(spec.window)} s)": [(SEGMENTATIONS, "400 when the file is shorter than the window")],
    "configs.py:check_segmentation_against_duration: {where}.start_time: must be >= {fmt(lo)}"
    " (start of the range), got {fmt(start)}": [
        (SEGMENTATIONS, "when a manual range does not lie inside that part of the file"),
        ((*SCHEMAS, "ManualConfig", "description"), "Each lies inside the part of the file"),
    ],
    "configs.py:check_segmentation_against_duration: {where}.end_time: must be <="
    " {fmt(round(hi, 6))} ({bound}), got {fmt(end)}": [
        (SEGMENTATIONS, "when a manual range does not lie inside that part of the file"),
    ],
    # ---- the filter of listFiles (filters.py) -----------------------------------------------
    "filters.py:parse_filter: filter.{short(section)}: unknown section; use"
    " {', '.join(SECTIONS)}": [((*SCHEMAS, "SearchFilter", "description"), "refuses an unknown")],
    "filters.py:parse_filter: filter.{section}: must be an array of conditions": [
        (FILTER, "is an array of conditions")
    ],
    "filters.py:_condition: {where}.path: required: a non-empty string": [
        ((*SCHEMAS, "SearchFilterMetadataCriteria", "required"), "path"),
        ((*SCHEMAS, "SearchFilterMetadataCriteria", "properties", "path", "minLength"), "1"),
    ],
    "filters.py:_condition: {where}.path: must be one of: {', '.join(allowed)}": [
        (FILTER, "`video_info` paths are `SearchFilterVideoInfoPath` values and"),
    ],
    "filters.py:_condition: {where}.operator: must be one of: {', '.join(OPERATORS)}": [
        ((*SCHEMAS, "SearchFilterMetadataCriteria", "properties", "operator"), "Operator"),
        ((*SCHEMAS, "SearchFilterOperator", "enum"), "Equal"),
    ],
    "filters.py:_condition: {where}.valueTextArray: required for {operator}: strings": [
        (FILTER, "`In`, `ContainsAny` and `ContainsAll` take `valueTextArray` (strings)")
    ],
    "filters.py:_condition: {where}.valueText: required for {operator}: a string": [
        (FILTER, "every other operator takes `valueText` (a string)")
    ],
    "filters.py:_condition: {where}.valueText: must be an ISO 8601 date-time for {operator}"
    " on {path} (such as {INSTANT_EXAMPLE}), got {short(text)}": [
        (FILTER, "on `file.created_at`, where the provider's reference compares ISO 8601")
    ],
    "filters.py:_condition: {where}.valueText: must be a number for {operator}": [
        (FILTER, "which `LessThan` and `GreaterThan` compare as a number")
    ],
    "filters.py:_check_scope: {where}: must be one of: {', '.join(SCOPES)}; got {got}": [
        ((*SCHEMAS, "SearchFilterScope", "enum"), "segment")
    ],
    "filters.py:_check_scope: {where}: {scope} is not available in the local emulator: the"
    " provider's reference does not say which files a condition on segments selects when"
    " files are listed; leave it out or use {FILE_SCOPE}": [
        (FILTER, "the local emulator refuses `segment` with a 400 naming `scope`")
    ],
    # ---- Host (hosts.py) ----------------------------------------------------------------------
    "hosts.py:HostCheckMiddleware.check: Host: sent more than once; send one Host header"
    " (RFC 9112)": [(INFO, "a `Host` header that is missing from an HTTP/1.1 request, sent")],
    "hosts.py:HostCheckMiddleware.check: Host: required in an HTTP/1.1 request (RFC 9112)": [
        (INFO, "a `Host` header that is missing from an HTTP/1.1 request")
    ],
    "hosts.py:HostCheckMiddleware.check: Host: {value[:_SHOWN]} is not a host (RFC 9110: a"
    " name, an IPv4 address or an [IPv6] address, then an optional :port)": [
        (INFO, "not a host as RFC 9110 allows (a name, an IPv4 address or an IPv6 address in")
    ],
    "hosts.py:HostCheckMiddleware.check: Host {host[:_SHOWN]} is not served here (DNS"
    " rebinding protection); accepted: {accepted}. Start the emulator with --allowed-host"
    " NAME to add one.": [(INFO, "names neither the address the emulator is bound to nor an")],
    # ---- routes ---------------------------------------------------------------------------
    "routes/files.py:_metadata: metadata: must be a JSON object": [
        ((*SCHEMAS, "FileUpload", "properties", "metadata", "description"), "as a JSON object")
    ],
    "routes/jobs.py:usable_duration: file_id: the file failed processing"
    " ({f.error or 'unknown'})": [(FRAMES, "one whose `status` is `failed`")],
    "routes/jobs.py:usable_duration: file_id: {IMAGE_FILE_MESSAGE}": [
        (FRAMES, "or an image (`media_type` `image`; images are supported")
    ],
    # ---- uploads (uploads.py) -------------------------------------------------------------
    "uploads.py:_Collector.on_part_begin: body: too many multipart parts (at most {MAX_PARTS})": [
        (INFO, f"an upload with more than {uploads.MAX_PARTS} parts")
    ],
    "uploads.py:_Collector.on_headers_finished: {FILE_FIELD}: send exactly one file part": [
        (INFO, "more than one `file` part")
    ],
    "uploads.py:_Collector.on_part_data: {FILE_FIELD}: larger than the upload limit of"
    " {limit_mb} MB": [(INFO, "a file larger than the emulator's upload limit")],
    "uploads.py:_Collector.on_part_data: {self._name or 'body'}: text part longer than 1 MiB": [
        (INFO, "a multipart text part larger than 1 MiB")
    ],
    "uploads.py:_Collector.on_part_end: {self._name}: must be UTF-8 text (byte {exc.start} is"
    " not)": [
        (
            (*SCHEMAS, "FileUpload", "properties", "metadata", "description"),
            "a part that is not UTF-8 is a 400 naming it",
        )
    ],
    "uploads.py:_boundary: body: Content-Type must be multipart/form-data with a `file` part": [
        MULTIPART
    ],
    "uploads.py:_boundary: body: multipart boundary missing from Content-Type": [MULTIPART],
    "uploads.py:receive_upload: body: bad multipart boundary ({short(str(exc), 80)})": [MULTIPART],
    "uploads.py:receive_upload: body: malformed multipart data": [MULTIPART],
    "uploads.py:_Collector.refused: body: malformed multipart data": [MULTIPART],
    "uploads.py:_Collector.refused: {FILE_FIELD}: a part's Content-Disposition header is too"
    " long or malformed{bound}; send a shorter filename": [MULTIPART],
    "uploads.py:receive_upload: body: malformed multipart data (no closing boundary)": [MULTIPART],
    "uploads.py:receive_upload: {FILE_FIELD}: required: send the video as a multipart part"
    " named file": [((*SCHEMAS, "FileUpload", "required"), "file")],
    "uploads.py:receive_upload: {FILE_FIELD}: the uploaded file is empty": [
        ((*SCHEMAS, "FileUpload", "properties", "file", "description"), "an empty file is a 400")
    ],
    # ---- checks driven by the contract (validation.py) ------------------------------------
    "validation.py:parse_uuid: {field}: must be a uuid, got {short(value)}": [
        UUID,
        (
            (
                "paths",
                "/segmentations/{segmentation_id}/thumbnails",
                "get",
                "parameters",
                "segment_ids",
                "description",
            ),
            "a malformed id is",
        ),
    ],
    "validation.py:query_int: {name}: must be an integer, got {short(raw)}": [
        CONTRACT,
        (("components", "parameters", "Limit", "schema", "type"), "integer"),
    ],
    "validation.py:query_int: {name}: must be {range_text(spec)}, got {short(raw)}": [CONTRACT],
    "validation.py:query_number: {name}: must be a number, got {short(raw)}": [
        CONTRACT,
        (
            (
                "paths",
                "/files/{file_id}/segments",
                "get",
                "parameters",
                "min_duration",
                "schema",
                "type",
            ),
            "number",
        ),
    ],
    "validation.py:query_number: {name}: must be {range_text(spec)}, got {short(raw)}": [CONTRACT],
    "validation.py:query_date: {field}: must be a date YYYY-MM-DD, got {short(raw)}": [
        (("paths", "/files", "get", "parameters", "created_after", "description"), "YYYY-MM-DD")
    ],
    "validation.py:parse_json: {field}: invalid JSON (a string holds a lone surrogate)": [
        (INFO, "whose strings are valid Unicode (no lone surrogate escape")
    ],
    "validation.py:parse_json: {field}: invalid JSON ({short(str(exc), 120)})": [
        (INFO, "Request bodies are JSON text (RFC 8259)"),
        (INFO, f"nest at most {validation.MAX_JSON_DEPTH} levels deep"),
    ],
    "validation.py:obj: {field}: must be an object, got {type_name(value)}": [CONTRACT],
    "validation.py:number: {field}: must be a number, got {type_name(value)}": [CONTRACT],
    "validation.py:number: {field}: must be a finite number": [
        (INFO, "whose numbers are finite doubles")
    ],
    "validation.py:conforming: {name}: must be an array, got {type_name(value)}": [CONTRACT],
    "validation.py:conforming: {name}: must be a string, got {type_name(value)}": [CONTRACT],
    "validation.py:conforming: {name}: must be an integer, got {fmt(value)}": [CONTRACT],
    "validation.py:conforming: {name}: must be {range_text(spec)}, got {fmt(value)}": [CONTRACT],
    "validation.py:contract_object: {prefix + spec.name}: {_required(spec)}": [CONTRACT],
    "validation.py:check_rules: {prefix + right}: must be greater than {left} ({fmt(low)}), got"
    " {fmt(high)}": [X_RULES],
    "validation.py:check_rules: {prefix + left}: must be <= {right} ({fmt(high)}), got"
    " {fmt(low)}": [X_RULES],
    "validation.py:boolean: {field}: must be a boolean, got {type_name(value)}": [CONTRACT],
    "validation.py:enum: {field}: must be one of: {', '.join(allowed)}; got {got}": [CONTRACT],
    "validation.py:form_bool: {field}: must be true or false, got {short(raw)}": [
        (
            (*SCHEMAS, "FileUpload", "properties", "enable_segment_thumbnails", "description"),
            "sent as the text `true` or `false`",
        ),
        (
            (
                "paths",
                "/files/{file_id}/thumbnails",
                "get",
                "parameters",
                "is_default",
                "schema",
                "type",
            ),
            "boolean",
        ),
    ],
    "validation.py:json_body: body: larger than 1 MiB": [
        (INFO, "a JSON body or a multipart text part larger than 1 MiB"),
    ],
    "validation.py:json_body: body: required: send a JSON object": [
        CONTRACT,
        (("paths", "/files/{file_id}", "put", "requestBody", "required"), "True"),
    ],
    "validation.py:_check_json_type: body: Content-Type must be application/json, got {shown}": [
        (("paths", "/files/{file_id}", "put", "requestBody", "content"), "json")
    ],
}

ADMIN_ONLY = {
    "faults.py:FaultState.update: {key}: unknown setting; known: {', '.join(known)}",
    "faults.py:FaultState.update: {exc.name}: {exc.reason}",
}
"""400s of `PUT /_emulator/faults`, the emulator's own endpoint (README), not openapi.yaml's."""


def _template(node: ast.expr) -> str:
    """A message expression as text: literal parts as written, other parts as `{source}`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            str(part.value) if isinstance(part, ast.Constant) else _template(part.value)
            for part in node.values
            if isinstance(part, ast.Constant | ast.FormattedValue)
        )
    return "{" + ast.unparse(node) + "}"


class _Sites(ast.NodeVisitor):
    """The 400 messages one module can build, keyed by their enclosing function."""

    def __init__(self, module: str) -> None:
        self.module = module
        self.where: list[str] = []
        self.found: list[str] = []

    def _enter(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self.where.append(node.name)
        self.generic_visit(node)
        self.where.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _enter

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        params = _ANSWERS_WITH.get(name or "")
        if params is not None:
            bound = dict(zip(params, node.args, strict=False))
            bound.update((k.arg, k.value) for k in node.keywords if k.arg)
            status = bound.get("status", bound.get("status_code"))
            message = None
            if name == "ValidationError":
                message = f"{_template(bound['field'])}: {_template(bound['message'])}"
            elif status is not None and _is_400(status):
                message = _template(bound["message"])
            if message is not None:
                self.found.append(f"{self.module}:{'.'.join(self.where)}: {message}")
        self.generic_visit(node)


_ANSWERS_WITH = {
    "ValidationError": ("field", "message"),
    "ApiError": ("status", "message", "headers"),
    "error_response": ("status", "message", "headers"),
    "send_error": ("scope", "receive", "send", "status", "message", "headers"),
    "JSONResponse": ("message", "status_code"),
}
"""The ways the emulator answers an error, with their parameters in order (a ValidationError
is always a 400)."""


def _is_400(node: ast.expr) -> bool:
    """A literal 400, or `HTTPStatus.BAD_REQUEST`."""
    if isinstance(node, ast.Attribute):
        return node.attr == "BAD_REQUEST"
    return isinstance(node, ast.Constant) and node.value == 400


def bad_request_messages() -> list[str]:
    """Every 400 message template of the emulator package, as `module:function: message`."""
    found: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        sites = _Sites(path.relative_to(PACKAGE).as_posix())
        sites.visit(ast.parse(path.read_text(), str(path)))
        found.extend(sites.found)
    return found


def _text_at(keys: tuple[str, ...]) -> str:
    """The node of openapi.yaml at `keys` as one line of text (a parameter list is indexed by
    the parameters' names)."""
    node: Any = spec()
    for key in keys:
        if isinstance(node, list):
            node = next(p for p in node if p.get("name") == key)
        else:
            node = node[key]
    return " ".join(str(node).split())


def test_every_400_of_the_emulator_is_a_rule_the_spec_states() -> None:
    found = bad_request_messages()
    assert len(found) > 50  # the scan sees the validation layer
    unstated = sorted(set(found) - set(STATED) - ADMIN_ONLY)
    assert not unstated, (
        "400s that openapi.yaml does not state (state the rule there, then list it in"
        f" STATED with where): {unstated}"
    )
    gone = sorted((set(STATED) | ADMIN_ONLY) - set(found))
    assert not gone, f"listed messages the emulator no longer has: {gone}"


def test_the_spec_says_what_the_table_cites() -> None:
    for message, evidence in STATED.items():
        assert evidence, message
        for keys, words in evidence:
            assert " ".join(words.split()) in _text_at(keys), (message, keys, words)


def test_the_admin_only_messages_are_the_fault_endpoints() -> None:
    assert {message.split(":", 1)[0] for message in ADMIN_ONLY} == {"faults.py"}


def test_a_new_message_would_be_caught() -> None:
    """The scan reads the forms the emulator uses to answer 400 (so a new one is seen)."""
    code = (
        "def f():\n"
        "    raise ValidationError('size', f'must be below {LIMIT}')\n"
        "    raise ValidationError(field='n', message='odd')\n"
        "    raise ApiError(400, 'no')\n"
        "    raise ApiError(message='nor this', status=HTTPStatus.BAD_REQUEST)\n"
        "    await send_error(scope, receive, send, 400, f'bad {x}')\n"
        "    return error_response(400, 'refused')\n"
        "    return JSONResponse({'error': 'x'}, status_code=400)\n"
        "    raise ApiError(404, 'not a 400')\n"
        "    return JSONResponse({'status': 'unhealthy'}, status_code=503)\n"
    )
    sites = _Sites("new.py")
    sites.visit(ast.parse(code))
    assert sites.found == [
        "new.py:f: size: must be below {LIMIT}",
        "new.py:f: n: odd",
        "new.py:f: no",
        "new.py:f: nor this",
        "new.py:f: bad {x}",
        "new.py:f: refused",
        "new.py:f: {{'error': 'x'}}",
    ]
    assert validation.MAX_JSON_BODY_BYTES == 1024 * 1024  # the "1 MiB" the messages state
