"""Deterministic synthetic test video with known hard cuts, a cross-fade and frame barcodes."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from numpy.typing import NDArray

from .barcode import MAX_VALUE, band_height, encode_barcode

# One 8 s cycle of the edit, repeated for longer clips: hard cuts (the cut at 8.0 joins the
# next cycle) and one 0.5 s cross-fade. Every shot lasts at least MIN_SHOT_SECONDS.
_CYCLE_SECONDS = Fraction(8)
_CYCLE_CUTS = (Fraction(3, 2), Fraction(13, 4), Fraction(25, 4), Fraction(8))
_CYCLE_FADES = ((Fraction(9, 2), Fraction(5)),)
MIN_SHOT_SECONDS = 1.0
MAX_SIDE = 16384
"""The widest and tallest frame libx264 encodes (it refuses larger ones when it opens)."""

# (left colour, right colour, square colour) per shot; neighbours differ in hue and brightness.
_PALETTE = (
    ((20, 30, 90), (40, 70, 150), (250, 200, 40)),
    ((235, 215, 40), (250, 245, 140), (30, 30, 160)),
    ((15, 95, 30), (60, 140, 40), (240, 240, 240)),
    ((225, 50, 190), (250, 120, 220), (20, 90, 20)),
    ((70, 215, 230), (180, 250, 250), (140, 20, 20)),
    ((110, 30, 15), (170, 70, 30), (120, 230, 255)),
)


@dataclass(frozen=True)
class SampleTruth:
    """What `make_sample` put in the video (times in seconds, on frame boundaries).

    It is path-like (`os.fspath(truth)` is the video's path), so it can be passed wherever a
    path is expected, such as `cg.files.upload(truth)` or `open(truth, "rb")`.
    """

    path: Path
    json_path: Path
    cuts: tuple[float, ...]
    gradual: tuple[tuple[float, float], ...]
    fps: float
    fps_rational: str
    frame_count: int
    seconds: float
    width: int
    height: int

    def __fspath__(self) -> str:
        return os.fspath(self.path)


@dataclass(frozen=True)
class _Transition:
    start: int  # first frame that differs from the outgoing shot
    end: int  # first frame that is fully the incoming shot (== start for a hard cut)


def _schedule(frame_count: int, fps: Fraction) -> list[_Transition]:
    """Transitions in frame numbers, dropping any that would leave a final shot under 1 s."""
    min_frames = MIN_SHOT_SECONDS * fps
    transitions: list[_Transition] = []
    cycle = 0
    while cycle * _CYCLE_SECONDS * fps < frame_count:
        base = cycle * _CYCLE_SECONDS
        events = [(t, t) for t in _CYCLE_CUTS] + list(_CYCLE_FADES)
        for start_s, end_s in events:
            start, end = round((base + start_s) * fps), round((base + end_s) * fps)
            if frame_count - end >= min_frames:
                transitions.append(_Transition(start, end))
        cycle += 1
    return sorted(transitions, key=lambda t: t.start)


class _Renderer:
    """Draws frame n of shot s: a gradient background with a square bouncing around."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.side = max(4, height // 4)
        self.top = band_height(height)
        ramp = np.linspace(0.0, 1.0, width, dtype=np.float32)[None, :, None]
        self.backgrounds = [
            np.broadcast_to(
                (np.array(a, np.float32) * (1 - ramp) + np.array(b, np.float32) * ramp).astype(
                    np.uint8
                ),
                (height, width, 3),
            )
            for a, b, _ in _PALETTE
        ]

    @staticmethod
    def _bounce(position: float, span: int) -> int:
        if span <= 0:
            return 0
        phase = position % (2 * span)
        return int(phase if phase <= span else 2 * span - phase)

    def shot(self, shot: int, n: int) -> NDArray[np.uint8]:
        style = shot % len(_PALETTE)
        image = self.backgrounds[style].copy()
        speed = self.width / 160 * (1 + style % 3)
        x = self._bounce(37.0 * shot + speed * n, self.width - self.side)
        y = self.top + self._bounce(
            23.0 * shot + speed * 0.6 * n, self.height - self.top - self.side
        )
        image[y : y + self.side, x : x + self.side] = _PALETTE[style][2]
        return image


def _render(renderer: _Renderer, transitions: list[_Transition], n: int) -> NDArray[np.uint8]:
    shot = sum(1 for t in transitions if t.end <= n)
    image = renderer.shot(shot, n)
    for t in transitions:
        if t.start <= n < t.end:
            alpha = (n - t.start + 1) / (t.end - t.start + 1)
            incoming = renderer.shot(shot + 1, n).astype(np.float32)
            image = (image.astype(np.float32) * (1 - alpha) + incoming * alpha + 0.5).astype(
                np.uint8
            )
    encode_barcode(image, n)  # after blending, so the band stays sharp during the fade
    return image


def _secs(frame: int, rate: Fraction) -> float:
    return round(float(frame / rate), 6)


def _encode(
    path: Path, renderer: _Renderer, transitions: list[_Transition], frames: int, rate: Fraction
) -> None:
    """Encode the frames with fixed x264 settings and bit-exact muxing (same bytes every run)."""
    with av.open(str(path), mode="w", format="mp4", options={"fflags": "+bitexact"}) as output:
        stream = output.add_stream("libx264", rate=rate)
        stream.width, stream.height, stream.pix_fmt = renderer.width, renderer.height, "yuv420p"
        stream.codec_context.flags |= av.codec.context.Flags.bitexact
        stream.options = {
            "preset": "superfast",
            "crf": "20",
            "threads": "1",
            "g": str(max(1, round(2 * rate))),
        }
        for n in range(frames):
            frame = av.VideoFrame.from_ndarray(_render(renderer, transitions, n), format="rgb24")
            frame.pts = n
            output.mux(stream.encode(frame))
        output.mux(stream.encode(None))


def make_sample(
    out_path: Path,
    *,
    seconds: float = 8.0,
    width: int = 320,
    height: int = 180,
    fps: int | Fraction = 24,
) -> SampleTruth:
    """Write a deterministic H.264/yuv420p MP4 and `out_path.with_suffix('.json')` with its truth.

    The edit repeats every 8 s: hard cuts at 1.5, 3.25, 6.25 and 8.0 s and a cross-fade over
    [4.5, 5.0) s (times snapped to frame boundaries; events that would leave a final shot
    shorter than 1 s are dropped). Every frame carries its frame number as a barcode.
    """
    rate = Fraction(fps)
    if rate <= 0 or width < 16 or height < 16 or width % 2 or height % 2:
        raise ValueError("need fps > 0 and even width, height >= 16")
    if width > MAX_SIDE or height > MAX_SIDE:
        # Checked before any frame is drawn: a frame far past the limit would fail to
        # allocate (MemoryError) before the encoder could refuse it.
        raise ValueError(
            f"width and height must be at most {MAX_SIDE} (H.264), got {width}x{height}"
        )
    frame_count = round(Fraction(str(seconds)) * rate)
    if not 0 < frame_count <= MAX_VALUE + 1:
        raise ValueError(f"frame count {frame_count} outside 1..{MAX_VALUE + 1}")
    transitions = _schedule(frame_count, rate)
    renderer = _Renderer(width, height)
    tmp = out_path.with_name(f".{out_path.name}.{os.getpid()}.tmp")
    try:
        _encode(tmp, renderer, transitions, frame_count, rate)
        os.replace(tmp, out_path)
    finally:
        tmp.unlink(missing_ok=True)
    truth = SampleTruth(
        path=out_path,
        json_path=out_path.with_suffix(".json"),
        cuts=tuple(_secs(t.start, rate) for t in transitions if t.start == t.end),
        gradual=tuple(
            (_secs(t.start, rate), _secs(t.end, rate)) for t in transitions if t.start != t.end
        ),
        fps=float(rate),
        fps_rational=f"{rate.numerator}/{rate.denominator}",
        frame_count=frame_count,
        seconds=_secs(frame_count, rate),
        width=width,
        height=height,
    )
    record = {k: v for k, v in asdict(truth).items() if k not in ("path", "json_path")}
    truth.json_path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return truth
