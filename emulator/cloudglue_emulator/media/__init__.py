"""Media layer of the emulator: probing, sampling, frame extraction and shot detection.

Pure functions over local files; no HTTP and no database. Anything that is not a decodable
video raises MediaError with a readable reason.
"""

from .barcode import encode_barcode, read_barcode
from .errors import MediaError
from .frames import ExtractedFrame, extract_frames
from .probe import MediaInfo, probe
from .sample import SampleTruth, make_sample
from .sampling import uniform_sample_times, uniform_windows
from .segments import shots_to_segments
from .shots import detect_shots

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
