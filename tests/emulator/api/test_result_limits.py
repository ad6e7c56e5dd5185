"""A job makes at most `max_job_results` frames, segments, shots or thumbnails: a create that
asks for more is a 400 naming the field, before any work (a tiny upload may claim hours)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

from cloudglue_emulator.cli import build_parser, settings_from_args
from cloudglue_emulator.media import SampleTruth
from cloudglue_emulator.settings import DEFAULT_MAX_JOB_RESULTS
from tests.support.spec import spec

from .conftest import Emu

SPARSE_SECONDS = 30_000
SMALL_LIMIT = 50


def sparse_video(path: Path) -> Path:
    """1.6 KB of valid H.264: three frames 10000 s apart, so a video of 30000 s."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=Fraction(1, 10_000))
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for i in range(3):
            pixels = np.full((64, 64, 3), i * 80, np.uint8)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts = i
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


async def _create(emu: Emu, file_id: str, kind: str, body: dict[str, Any]) -> tuple[int, str]:
    r = await emu.client.post(f"/files/{file_id}/{kind}", json=body)
    return r.status_code, r.json().get("error", "")


async def test_a_tiny_upload_claiming_hours_cannot_make_a_huge_job(
    emu: Emu, tmp_path: Path
) -> None:
    f = await emu.upload(sparse_video(tmp_path / "sparse.mp4"))
    assert f["status"] == "completed" and f["bytes"] < 4096
    assert f["media_info"]["duration_seconds"] == SPARSE_SECONDS
    frames = {"strategy": "uniform", "uniform_config": {"frames_per_second": 30}}
    status, error = await _create(emu, f["id"], "frames", frames)
    assert status == 400
    assert error == (
        "uniform_config.frames_per_second: 900000 frames (30000 s at 30 per second) are more"
        f" than the emulator's limit of {DEFAULT_MAX_JOB_RESULTS} per job (--max-job-results);"
        " lower frames_per_second or narrow start_time_seconds/end_time_seconds"
    )
    keyframes = {
        "strategy": "uniform",
        "uniform_config": {"window_seconds": 1},
        "keyframe_config": {"frames_per_segment": 8},
    }
    status, error = await _create(emu, f["id"], "segmentations", keyframes)
    assert status == 400
    assert error.startswith(
        "keyframe_config.frames_per_segment: 30000 segments with 9 thumbnails each (270000)"
    )
    for kind in ("frames", "segmentations"):  # refused before anything was stored
        assert (await emu.client.get(f"/files/{f['id']}/{kind}")).json()["total"] == 0
    within = {**frames, "end_time_seconds": 3}  # the same file, in a range that fits
    status, _ = await _create(emu, f["id"], "frames", within)
    assert status == 200


@pytest.mark.parametrize("app_settings", [{"max_job_results": SMALL_LIMIT}])
async def test_the_limit_holds_for_every_strategy(emu: Emu, sample: SampleTruth) -> None:
    file_id = (await emu.upload(sample.path))["id"]
    limit = f"are more than the emulator's limit of {SMALL_LIMIT} per job (--max-job-results)"
    fps = {"strategy": "uniform", "uniform_config": {"frames_per_second": 24}}
    status, error = await _create(emu, file_id, "frames", fps)
    assert status == 400 and error.startswith("uniform_config.frames_per_second: 192 frames")
    status, error = await _create(
        emu,
        file_id,
        "segmentations",
        {"strategy": "uniform", "uniform_config": {"window_seconds": 1, "hop_seconds": 1}},
    )
    assert status == 200  # 8 segments with a thumbnail each
    manual = [{"start_time": i / 10, "end_time": i / 10 + 0.1} for i in range(SMALL_LIMIT + 1)]
    body = {"strategy": "manual", "manual_config": {"segments": manual}}
    status, error = await _create(emu, file_id, "segmentations", body)
    assert status == 400 and error == f"manual_config.segments: 51 segments {limit}"
    # A shot detector's segments are known once detected: the job fails with the reason.
    shots = {
        "strategy": "shot-detector",
        "shot_detector_config": {"detector": "adaptive", "max_seconds": 1},
        "keyframe_config": {"frames_per_segment": 8},
    }
    r = await emu.client.post(f"/files/{file_id}/segmentations", json=shots)
    done = await emu.wait(f"/segmentations/{r.json()['segmentation_id']}")
    assert done["status"] == "failed" and limit in done["error"], done
    assert "segments with 9 thumbnails each" in done["error"]
    ok = {"strategy": "uniform", "uniform_config": {"frames_per_second": 6}}
    r = await emu.client.post(f"/files/{file_id}/frames", json=ok)
    assert (await emu.wait(f"/frames/{r.json()['frame_extraction_id']}"))["frame_count"] == 48


def test_the_limit_is_a_serve_flag() -> None:
    parser = build_parser()
    args = parser.parse_args(["serve", "--max-job-results", "7"])
    assert settings_from_args(args).max_job_results == 7
    default = settings_from_args(parser.parse_args(["serve"]))
    assert default.max_job_results == DEFAULT_MAX_JOB_RESULTS
    with pytest.raises(SystemExit):
        parser.parse_args(["serve", "--max-job-results", "0"])


def test_the_spec_states_the_default_the_emulator_uses() -> None:
    stated = " ".join(spec()["info"]["description"].split())
    assert f"(`--max-job-results`, default {DEFAULT_MAX_JOB_RESULTS})" in stated
