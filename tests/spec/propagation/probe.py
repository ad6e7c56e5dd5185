"""Run the wrapper, the CLI and the emulator's checks on fixed inputs; print outcomes as JSON.

Run as a script under whichever `cloudglue_openapi` comes first on PYTHONPATH: the committed
one, or one generated from a mutated spec. test_spec_propagation.py compares the two runs.
Every wrapper and CLI call goes through a mock transport that counts requests.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from collections.abc import Callable
from typing import Any

import httpx

FILE_ID = "9b2f6f1e-4a53-4d43-9f0e-6f4c1d7a2b10"
JOB_ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
CREATED = 1767225600000


def _respond(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path.endswith("/frames") or "/frames/" in path:
        config = json.loads(request.content) if request.content else {"strategy": "uniform"}
        body: dict[str, Any] = {
            "frame_extraction_id": JOB_ID,
            "status": "pending",
            "created_at": CREATED,
            "file_id": FILE_ID,
            "frame_extraction_config": config,
        }
    elif path.endswith("/segmentations"):
        config = json.loads(request.content)
        body = {
            "segmentation_id": JOB_ID,
            "status": "pending",
            "created_at": CREATED,
            "file_id": FILE_ID,
            "segmentation_config": {k: v for k, v in config.items() if k != "thumbnails_config"},
            "thumbnails_config": {"enable_segment_thumbnails": True},
        }
    else:  # GET /files
        body = {"object": "list", "data": [], "total": 0, "limit": 100, "offset": 0}
    return httpx.Response(200, json=body)


class Recorder:
    """An httpx client whose transport answers every call and remembers what was sent."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def client(self) -> httpx.Client:
        def handle(request: httpx.Request) -> httpx.Response:
            query = request.url.query.decode()
            self.sent.append(f"{request.method} {request.url.path}?{query} {request.content!r}")
            return _respond(request)

        return httpx.Client(transport=httpx.MockTransport(handle))


def wrapper_case(action: Callable[[Any], Any]) -> dict[str, Any]:
    from cloudglue_client import Cloudglue

    rec = Recorder()
    with Cloudglue(
        api_key="cg-probe", base_url="https://api.invalid/v1", http_client=rec.client()
    ) as cg:
        try:
            result = action(cg)
            if hasattr(result, "__iter__") and not isinstance(result, dict | str):
                list(result)
        except (ValueError, TypeError) as exc:
            return {"outcome": "rejected", "message": str(exc), "requests": len(rec.sent)}
    return {"outcome": "ok", "requests": len(rec.sent), "sent": rec.sent}


def cli_case(argv: list[str]) -> dict[str, Any]:
    from cloudglue_client.cli import main

    rec = Recorder()
    out, err = io.StringIO(), io.StringIO()
    base = ["--api-key", "cg-probe", "--base-url", "https://api.invalid/v1"]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*base, *argv], http_client=rec.client())
    outcome = "ok" if code == 0 else "rejected"
    message = err.getvalue().strip()
    return {"outcome": outcome, "code": code, "message": message, "requests": len(rec.sent)}


def emulator_case(check: Callable[[], Any]) -> dict[str, Any]:
    from cloudglue_emulator.errors import ValidationError

    try:
        check()
    except ValidationError as exc:
        return {"outcome": "rejected", "message": str(exc)}
    return {"outcome": "ok"}


def main() -> None:
    from cloudglue_client import shot_detector, uniform
    from cloudglue_client.cli._parser import build_parser
    from cloudglue_emulator import configs
    from cloudglue_emulator.validation import page_params, query_enum

    def shot(**config: Any) -> Callable[[], Any]:
        body = {"strategy": "shot-detector", "shot_detector_config": config}
        return lambda: configs.check_segmentation_config(body)

    seg = "segmentations", "create", FILE_ID, "--strategy"
    results: dict[str, Any] = {
        # frames_per_second: widened 30 -> 60
        "wrapper fps 45": wrapper_case(lambda cg: cg.frames.create(FILE_ID, frames_per_second=45)),
        "cli fps 45": cli_case(["frames", "create", FILE_ID, "--fps", "45"]),
        "emulator fps 45": emulator_case(
            lambda: configs.check_frame_config(
                {"strategy": "uniform", "uniform_config": {"frames_per_second": 45}}
            )
        ),
        # window_seconds: narrowed 120 -> 90
        "wrapper window 100": wrapper_case(
            lambda cg: cg.segmentations.create(FILE_ID, uniform(100))
        ),
        "cli window 100": cli_case([*seg, "uniform", "--window", "100"]),
        "emulator window 100": emulator_case(
            lambda: configs.check_segmentation_config(
                {"strategy": "uniform", "uniform_config": {"window_seconds": 100}}
            )
        ),
        # FileStatus (the listFiles `status` filter): value "archived" added
        "wrapper status archived": wrapper_case(lambda cg: cg.files.list(status="archived")),
        "cli status archived": cli_case(["files", "list", "--status", "archived"]),
        "emulator status archived": emulator_case(
            lambda: query_enum({"status": "archived"}, "listFiles", "status")
        ),
        # ShotDetector: value "histogram" added
        "wrapper detector histogram": wrapper_case(
            lambda cg: cg.segmentations.create(FILE_ID, shot_detector("histogram", min_seconds=2))
        ),
        "cli detector histogram": cli_case(
            [*seg, "shot-detector", "--detector", "histogram", "--min-seconds", "2"]
        ),
        "emulator detector histogram": emulator_case(shot(detector="histogram", min_seconds=2)),
        # shot_detector_config.min_seconds: optional -> required
        "wrapper no min_seconds": wrapper_case(
            lambda cg: cg.segmentations.create(FILE_ID, shot_detector("adaptive"))
        ),
        "cli no min_seconds": cli_case([*seg, "shot-detector", "--detector", "adaptive"]),
        "emulator no min_seconds": emulator_case(shot(detector="adaptive")),
        # threshold: minimum 0 -> exclusiveMinimum 0
        "wrapper threshold 0": wrapper_case(
            lambda cg: cg.segmentations.create(
                FILE_ID, shot_detector("content", threshold=0, min_seconds=2)
            )
        ),
        "cli threshold 0": cli_case(
            [
                *seg,
                "shot-detector",
                "--detector",
                "content",
                "--threshold",
                "0",
                "--min-seconds",
                "2",
            ]
        ),
        "emulator threshold 0": emulator_case(shot(detector="content", threshold=0, min_seconds=2)),
        # getFrameExtraction limit: maximum 100 -> 200 (other operations keep 100)
        "wrapper get limit 150": wrapper_case(lambda cg: cg.frames.get(JOB_ID, limit=150)),
        "emulator get limit 150": emulator_case(
            lambda: page_params({"limit": "150"}, "getFrameExtraction")
        ),
    }
    frames, _ = configs.check_frame_config({"strategy": "uniform"})
    shots, thumbnails, _ = configs.check_segmentation_config(
        {  # min_seconds: the mutated spec requires it
            "strategy": "shot-detector",
            "shot_detector_config": {"detector": "content", "min_seconds": 2},
        }
    )
    results["emulator defaults"] = {
        "fps": frames["uniform_config"]["frames_per_second"],
        "max_seconds": shots["shot_detector_config"]["max_seconds"],
        "segment_thumbnails": thumbnails["enable_segment_thumbnails"],
        "segment_page_limit": page_params({}, "getSegmentation")[0],
    }
    parser = build_parser()
    frames_create = parser._subparsers._group_actions[0].choices["frames"]  # type: ignore[union-attr]
    create = frames_create._subparsers._group_actions[0].choices["create"]
    results["cli help"] = {"outcome": "ok", "message": create.format_help()}
    print(json.dumps(results, indent=1, sort_keys=True))


if __name__ == "__main__":
    sys.exit(main())
