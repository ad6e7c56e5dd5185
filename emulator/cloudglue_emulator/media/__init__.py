"""Media layer of the emulator: probing, sampling, frame extraction and shot detection.

Pure functions over local files; no HTTP and no database. Anything that is not a decodable
video raises MediaError with a readable reason.

`detect_shots` is loaded on first use (PEP 562): it brings in PySceneDetect and OpenCV, which
a server needs only with its first shot-detector job, not at every start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .barcode import encode_barcode, read_barcode
from .errors import MediaError, Stopped
from .frames import ExtractedFrame, extract_frames
from .probe import MediaInfo, probe
from .sample import SampleTruth, make_sample
from .sampling import (
    count_uniform_samples,
    count_uniform_windows,
    uniform_sample_times,
    uniform_windows,
)
from .segments import shots_to_segments

if TYPE_CHECKING:
    from .shots import detect_shots

__all__ = [
    "ExtractedFrame",
    "MediaError",
    "MediaInfo",
    "SampleTruth",
    "Stopped",
    "count_uniform_samples",
    "count_uniform_windows",
    "detect_shots",
    "encode_barcode",
    "extract_frames",
    "make_sample",
    "probe",
    "read_barcode",
    "shots_to_segments",
    "uniform_sample_times",
    "uniform_windows",
]


def __getattr__(name: str) -> Any:
    """`detect_shots`, imported with its module on the first lookup."""
    if name == "detect_shots":
        from .shots import detect_shots

        return detect_shots
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
