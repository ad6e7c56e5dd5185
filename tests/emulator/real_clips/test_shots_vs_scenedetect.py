"""The emulator's shots on real clips are what PySceneDetect's own command line finds.

Each request maps to the command line as `scenedetect -m {min_seconds}s detect-content -t
{threshold}` or `detect-adaptive` (the adaptive detector ignores `threshold`, as the provider
documents). The settings below include those where an earlier emulator disagreed: its own
downscale moved a cut by a frame (bikes, content 15) or changed them (bigbuckbunny, content
4), and it upscaled the 176 px carphone clip and missed a cut (content 8).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Literal

import av
import pytest

from cloudglue_client import Cloudglue, JobStatus, shot_detector
from cloudglue_emulator.media import detect_shots

from .conftest import SceneDetectCli

pytestmark = [pytest.mark.e2e, pytest.mark.slow]  # the scenedetect command line on real clips

Detector = Literal["adaptive", "content"]

# (clip, detector, threshold, min_seconds)
CASES: list[tuple[str, Detector, float | None, float]] = [
    ("bikes", "content", 27, 0.6),
    ("bikes", "content", 15, 0.6),
    ("bikes", "content", 8, 2.0),
    ("bikes", "adaptive", None, 2.0),
    ("bikes", "adaptive", 200, 0.6),  # ignored: still the five cuts
    ("bigbuckbunny", "content", 4, 0.6),
    ("bigbuckbunny", "adaptive", None, 0.6),
    ("carphone", "content", 8, 0.6),
    ("carphone", "adaptive", None, 0.6),
]
# bikes.mp4's five hard cuts (0-based frames at 25 fps), each checked by eye.
BIKES_CUTS = [30, 76, 137, 187, 242]


def frame_rate(path: Path) -> Fraction:
    with av.open(str(path)) as container:
        rate = container.streams.video[0].average_rate
    assert rate
    return Fraction(rate)


def to_frames(times: Sequence[float], rate: Fraction) -> list[int]:
    return [round(t * rate) for t in times]


def cli_args(detector: Detector, threshold: float | None, min_seconds: float) -> list[str]:
    """The command-line options for the same settings."""
    args = ["-m", f"{min_seconds}s", f"detect-{detector}"]
    if detector == "content" and threshold is not None:
        args += ["-t", str(threshold)]
    return args


def assert_same_cuts(emulator: list[int], reference: list[int]) -> None:
    assert len(emulator) == len(reference), (emulator, reference)
    assert all(abs(a - b) <= 1 for a, b in zip(emulator, reference, strict=True)), (
        emulator,
        reference,
    )


def shot_cuts(client: Cloudglue, segmentation_id: str, rate: Fraction) -> list[int]:
    """Frames where the emulator's shots 2..n start ([] when it found no cut)."""
    seg = client.segmentations.wait(segmentation_id, timeout=120)
    status = JobStatus.of(seg.status)
    if status is JobStatus.NOT_APPLICABLE:
        return []
    assert status is JobStatus.COMPLETED, seg
    shots = sorted(seg.data.shots, key=lambda s: s.index)
    assert len(shots) == seg.total_shots
    return to_frames([s.start_time for s in shots[1:]], rate)


@pytest.mark.parametrize(
    "case", range(len(CASES)), ids=["-".join(str(x) for x in case) for case in CASES]
)
def test_emulator_shots_match_the_scenedetect_cli(
    case: int,
    client: Cloudglue,
    uploaded: dict[str, str],
    clips: dict[str, Path],
    scenedetect: SceneDetectCli,
) -> None:
    clip, detector, threshold, min_seconds = CASES[case]
    path = clips[clip]
    config = shot_detector(detector, threshold=threshold, min_seconds=min_seconds)
    # Created first, so the emulator detects while the command line runs.
    job = client.segmentations.create(uploaded[clip], config, thumbnails=False).segmentation_id
    reference = scenedetect.cut_frames(path, *cli_args(detector, threshold, min_seconds))
    assert_same_cuts(shot_cuts(client, job, frame_rate(path)), reference)


def test_adaptive_ratio_matches_the_cli_in_the_media_layer(
    clips: dict[str, Path], scenedetect: SceneDetectCli
) -> None:
    # The API ignores threshold for adaptive; the media layer takes it as the adaptive ratio.
    path = clips["bikes"]
    shots = detect_shots(path, detector="adaptive", threshold=1.0, min_scene_seconds=2.0)
    found = to_frames([start for start, _ in shots[1:]], frame_rate(path))
    reference = scenedetect.cut_frames(path, "-m", "2.0s", "detect-adaptive", "-t", "1.0")
    assert_same_cuts(found, reference)


@pytest.mark.parametrize("detector", ["adaptive", "content"])
def test_bikes_has_its_five_hard_cuts_found_with_default_settings(
    client: Cloudglue, uploaded: dict[str, str], clips: dict[str, Path], detector: Detector
) -> None:
    seg = client.segmentations.create(uploaded["bikes"], shot_detector(detector), wait=True)
    assert shot_cuts(client, seg.segmentation_id, frame_rate(clips["bikes"])) == BIKES_CUTS
