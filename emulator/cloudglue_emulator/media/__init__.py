"""Media layer of the emulator: probing, sampling, frame extraction and shot detection.

Pure functions over local files; no HTTP and no database. Anything that is not a decodable
video raises MediaError with a readable reason.

Names are loaded on first use (PEP 562): shot detection brings in PySceneDetect and OpenCV,
which a server then loads with its first shot-detector job rather than at every start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Loaded now: the submodule `probe` shares its name with the function, and a submodule
# imported later would be bound over the function on this package.
from .errors import MediaError
from .probe import MediaInfo, probe

if TYPE_CHECKING:
    from .barcode import encode_barcode, read_barcode
    from .frames import ExtractedFrame, extract_frames
    from .sample import SampleTruth, make_sample
    from .sampling import uniform_sample_times, uniform_windows
    from .segments import shots_to_segments
    from .shots import detect_shots

#: Each public name and the module of this package that defines it.
_HOMES = {
    "ExtractedFrame": "frames",
    "SampleTruth": "sample",
    "detect_shots": "shots",
    "encode_barcode": "barcode",
    "extract_frames": "frames",
    "make_sample": "sample",
    "read_barcode": "barcode",
    "shots_to_segments": "segments",
    "uniform_sample_times": "sampling",
    "uniform_windows": "sampling",
}

__all__ = [
    "ExtractedFrame",
    "MediaError",
    "MediaInfo",
    "SampleTruth",
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
    """Import the module that defines `name` on its first lookup."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value  # the next lookup is an ordinary attribute
    return value


def __dir__() -> list[str]:
    """The loaded names and the ones still to load, as `dir()` lists a module's."""
    return sorted({*globals(), *_HOMES})
