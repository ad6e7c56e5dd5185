"""A contact sheet worth sharing: downloaded frames grouped by shot, with times and a legend.

    render(frames, shots, title=..., subtitle=..., credit=..., path=...)

Each shot is a band of its own: a label (shot number, time range, frame count) on the left,
its frames on the right with a gap between cells and the time under each, all framed in the
shot's colour. A red rule with a "cut" tag marks where a new shot starts; the legend at the
bottom says so. Needs Pillow (it comes with the emulator extra).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

#: Border colours of successive shots (colour-blind-safe Okabe-Ito palette).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
CUT = "#D00000"
INK, MUTED, PAPER = "#1A1A1A", "#5A5A5A", "#FFFFFF"
GAP, PAD, BORDER, LABEL_W = 10, 24, 4, 190
#: Space between two bands: the cut marker sits in it.
BETWEEN = 28


@dataclass(frozen=True)
class Shot:
    """One shot: where it starts and ends, and the frames that fall in it."""

    number: int
    start: float
    end: float
    frames: list[tuple[float, Path]]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def group(frames: Sequence[tuple[float, Path]], shots: Sequence[tuple[float, float]]) -> list[Shot]:
    """Frames (time, image) into the shots that contain them (one shot when none are known)."""
    spans = sorted(shots) or [(0.0, max((t for t, _ in frames), default=0.0))]
    grouped = [Shot(i + 1, s, e, []) for i, (s, e) in enumerate(spans)]
    for time, path in sorted(frames):
        index = max((i for i, (s, _) in enumerate(spans) if s <= time + 1e-6), default=0)
        grouped[index].frames.append((time, path))
    return [shot for shot in grouped if shot.frames]


def _tint(colour: str, amount: float = 0.88) -> tuple[int, int, int]:
    rgb = Image.new("RGB", (1, 1), colour).getpixel((0, 0))
    assert isinstance(rgb, tuple)
    return tuple(int(c + (255 - c) * amount) for c in rgb[:3])  # type: ignore[return-value]


def render(
    frames: Sequence[tuple[float, Path]],
    shots: Sequence[tuple[float, float]],
    *,
    title: str,
    subtitle: str,
    credit: str,
    path: Path,
    columns: int = 6,
    cell_width: int = 220,
) -> Path:
    """Write the sheet as PNG to `path` and return it."""
    grouped = group(frames, shots)
    images = {p: Image.open(p).convert("RGB") for shot in grouped for _, p in shot.frames}
    sample = next(iter(images.values()))
    cell_h = round(sample.height * cell_width / sample.width)
    time_h = 26
    row_h = cell_h + time_h + GAP
    cols = max(1, min(columns, max(len(s.frames) for s in grouped)))
    band_inner_w = cols * cell_width + (cols - 1) * GAP
    width = PAD * 2 + LABEL_W + band_inner_w + 2 * (BORDER + GAP)
    bands = [(-(-len(s.frames) // cols)) * row_h + GAP + 2 * BORDER for s in grouped]
    head_h, legend_h = 100, 96
    height = PAD + head_h + sum(bands) + BETWEEN * (len(bands) - 1) + GAP + legend_h + PAD

    sheet = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(sheet)
    draw.text((PAD, PAD), title, font=_font(32), fill=INK)
    draw.text((PAD, PAD + 44), subtitle, font=_font(18), fill=MUTED)

    y = PAD + head_h
    small, label, big = _font(16), _font(17), _font(24)
    for n, (shot, band_h) in enumerate(zip(grouped, bands, strict=True)):
        colour = PALETTE[(shot.number - 1) % len(PALETTE)]
        if n:  # a cut: a red rule across the sheet, tagged with when, in the space above
            mid = y - BETWEEN // 2
            draw.rectangle((PAD, mid - 2, width - PAD, mid + 1), fill=CUT)
            tag = f"cut at {shot.start:.2f} s"
            tw = draw.textlength(tag, font=small)
            draw.rectangle((width - PAD - tw - 16, mid - 11, width - PAD, mid + 10), fill=CUT)
            draw.text((width - PAD - tw - 8, mid - 9), tag, font=small, fill=PAPER)
        box = (PAD, y, width - PAD, y + band_h)
        draw.rectangle(box, fill=_tint(colour), outline=colour, width=BORDER)
        lx, ly = PAD + BORDER + 12, y + BORDER + 10
        draw.text((lx, ly), f"Shot {shot.number}", font=big, fill=colour)
        draw.text((lx, ly + 34), f"{shot.start:.2f} - {shot.end:.2f} s", font=label, fill=INK)
        count = len(shot.frames)
        draw.text(
            (lx, ly + 58), f"{count} frame{'' if count == 1 else 's'}", font=label, fill=MUTED
        )
        x0 = PAD + BORDER + LABEL_W
        for i, (time, image_path) in enumerate(shot.frames):
            cx = x0 + (i % cols) * (cell_width + GAP)
            cy = y + BORDER + GAP + (i // cols) * row_h
            thumb = images[image_path].resize((cell_width, cell_h), Image.Resampling.LANCZOS)
            sheet.paste(thumb, (cx, cy))
            draw.rectangle((cx - 1, cy - 1, cx + cell_width, cy + cell_h), outline=colour)
            stamp = f"{time:.2f} s"
            tw = draw.textlength(stamp, font=small)
            draw.text((cx + (cell_width - tw) / 2, cy + cell_h + 4), stamp, font=small, fill=INK)
        y += band_h + BETWEEN

    y += GAP - BETWEEN
    _legend(draw, PAD, y + 6, len(grouped) - 1)
    draw.text((PAD, y + 62), credit, font=_font(14), fill=MUTED)
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path, optimize=True)
    return path


def _legend(draw: ImageDraw.ImageDraw, x: int, y: int, cuts: int) -> None:
    font = _font(16)
    draw.rectangle((x, y + 8, x + 36, y + 11), fill=CUT)
    text = "shot cut: the detector found a new shot starting here"
    draw.text((x + 46, y), text + ("" if cuts else " (none in this clip)"), font=font, fill=INK)
    y += 26
    for k, colour in enumerate(PALETTE[:3]):
        box = (x + k * 14, y + 2, x + k * 14 + 10, y + 16)
        draw.rectangle(box, fill=_tint(colour), outline=colour, width=2)
    text = "one band per shot: its frames, framed in the shot's colour, the time under each"
    draw.text((x + 46, y), text, font=font, fill=INK)
