"""A contact sheet worth sharing: what the detector found, where the real cuts are, every frame.

    render(frames, report, segment_thumbnails=..., title=..., subtitle=..., credit=..., path=...)

From the top: the title and settings; the report's sentences (examples/shot_report.py), word
for word as the console printed them; a timeline of the clip with the segments in colour, each
cut the detector found as a red tick (dashed where min_seconds merged it away) and each known
cut as a black triangle under it, so the detector's accuracy shows at a glance; then one band
per segment with its thumbnail and number on the left and its frames on the right, the time
under each. A red rule between two bands is a cut; a grey one a max_seconds split. A clip
without segments (no cut found) is one band. A legend and the credit close the sheet. Needs
Pillow (it comes with the emulator extra).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from shot_report import SAME, Report

#: Colours of successive segments (colour-blind-safe Okabe-Ito palette).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
CUT, SPLIT, KNOWN = "#D00000", "#8A8A8A", "#1A1A1A"
INK, MUTED, PAPER = "#1A1A1A", "#5A5A5A", "#FFFFFF"
GAP, PAD, BORDER, LABEL_W = 10, 24, 4, 210
#: Space between two bands: the cut marker sits in it.
BETWEEN = 28
LINE_H, TIMELINE_H = 24, 118

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@dataclass(frozen=True)
class Band:
    """One segment (or the whole clip when there is none): its span and frames."""

    number: int
    start: float
    end: float
    frames: list[tuple[float, Path]]
    thumbnail: Path | None


def _font(size: int) -> Font:
    return ImageFont.load_default(size=size)


def group(
    frames: Sequence[tuple[float, Path]],
    spans: Sequence[tuple[float, float]],
    thumbnails: Mapping[float, Path] | None = None,
) -> list[Band]:
    """Frames (time, image) into the spans that contain them (one band when none are known)."""
    spans = sorted(spans) or [(0.0, max((t for t, _ in frames), default=0.0))]
    thumbs = thumbnails or {}
    bands = [
        Band(i + 1, s, e, [], next((p for t, p in thumbs.items() if abs(t - s) <= SAME), None))
        for i, (s, e) in enumerate(spans)
    ]
    for time, path in sorted(frames):
        index = max((i for i, (s, _) in enumerate(spans) if s <= time + SAME), default=0)
        bands[index].frames.append((time, path))
    return [band for band in bands if band.frames or band.thumbnail]


def _tint(colour: str, amount: float = 0.88) -> tuple[int, int, int]:
    rgb = Image.new("RGB", (1, 1), colour).getpixel((0, 0))
    assert isinstance(rgb, tuple)
    return tuple(int(c + (255 - c) * amount) for c in rgb[:3])  # type: ignore[return-value]


def wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, width: float) -> list[str]:
    """`text` in lines no wider than `width` (breaking between words), continuations indented."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and draw.textlength(candidate, font=font) > width:
            lines.append(current)
            current = "    " + word
        else:
            current = candidate
    return [*lines, current]


def render(
    frames: Sequence[tuple[float, Path]],
    report: Report,
    *,
    segment_thumbnails: Mapping[float, Path] | None = None,
    title: str,
    subtitle: str,
    credit: str,
    path: Path,
    columns: int = 6,
    cell_width: int = 220,
) -> Path:
    """Write the sheet as PNG to `path` and return it."""
    spans = report.segments or [(0.0, report.duration)]
    bands = group(frames, spans, segment_thumbnails)
    images = {p: Image.open(p).convert("RGB") for band in bands for _, p in band.frames}
    sample = next(iter(images.values()))
    cell_h = round(sample.height * cell_width / sample.width)
    row_h = cell_h + 26 + GAP
    cols = max(1, min(columns, max(len(b.frames) for b in bands)))
    width = PAD * 2 + LABEL_W + cols * cell_width + (cols - 1) * GAP + 2 * (BORDER + GAP)
    thumb_w = LABEL_W - 2 * 12
    heights = [_band_height(band, cols, row_h, thumb_w) for band in bands]

    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    text = [w for line in report.lines() for w in wrap(probe, line, _font(18), width - 2 * PAD)]
    head_h = 86 + len(text) * LINE_H + 20
    legend_h = 4 * 26 + 40
    height = (
        PAD + head_h + TIMELINE_H + sum(heights) + BETWEEN * (len(bands) - 1) + GAP + legend_h + PAD
    )

    sheet = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(sheet)
    draw.text((PAD, PAD), title, font=_font(32), fill=INK)
    draw.text((PAD, PAD + 44), subtitle, font=_font(18), fill=MUTED)
    headline = report.headline()
    for k, line in enumerate(text):  # the headline (the first line, never wrapped) larger
        big = k == 0 and line == headline
        top = PAD + 80 + k * LINE_H + (0 if big else 6)
        draw.text((PAD, top), line, font=_font(22 if big else 18), fill=INK)

    y = PAD + head_h
    _timeline(draw, report, PAD, y, width - PAD)
    y += TIMELINE_H
    for n, (band, band_h) in enumerate(zip(bands, heights, strict=True)):
        if n:
            _boundary(draw, report, band.start, y - BETWEEN // 2, width)
        _band(sheet, draw, report, band, band_h, y, width, cols, cell_width, cell_h, row_h, images)
        y += band_h + BETWEEN

    y += GAP - BETWEEN
    _legend(draw, PAD, y + 6, report)
    draw.text((PAD, y + 6 + 4 * 26 + 8), credit, font=_font(14), fill=MUTED)
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path, optimize=True)
    return path


def _band_height(band: Band, cols: int, row_h: int, thumb_w: int) -> int:
    rows = -(-len(band.frames) // cols) * row_h + GAP
    label = 90
    if band.thumbnail is not None:
        with Image.open(band.thumbnail) as thumb:
            label += round(thumb.height * thumb_w / thumb.width) + 30
    return max(rows, label) + 2 * BORDER


def _band(
    sheet: Image.Image,
    draw: ImageDraw.ImageDraw,
    report: Report,
    band: Band,
    band_h: int,
    y: int,
    width: int,
    cols: int,
    cell_width: int,
    cell_h: int,
    row_h: int,
    images: Mapping[Path, Image.Image],
) -> None:
    """One segment: its label and thumbnail on the left, its frames on the right."""
    colour = PALETTE[(band.number - 1) % len(PALETTE)]
    draw.rectangle((PAD, y, width - PAD, y + band_h), fill=_tint(colour), outline=colour, width=4)
    lx, ly = PAD + BORDER + 12, y + BORDER + 10
    name = f"Segment {band.number}" if report.segments else "Whole clip"
    draw.text((lx, ly), name, font=_font(24), fill=colour)
    draw.text((lx, ly + 34), f"{band.start:.2f} - {band.end:.2f} s", font=_font(17), fill=INK)
    count = len(band.frames)
    draw.text(
        (lx, ly + 58), f"{count} frame{'' if count == 1 else 's'}", font=_font(17), fill=MUTED
    )
    if not report.segments:
        draw.text((lx, ly + 82), "one shot, no segments", font=_font(17), fill=MUTED)
    if band.thumbnail is not None:
        thumb_w = LABEL_W - 2 * 12
        with Image.open(band.thumbnail) as raw:
            thumb = raw.convert("RGB")
        thumb = thumb.resize((thumb_w, round(thumb.height * thumb_w / thumb.width)))
        sheet.paste(thumb, (lx, ly + 86))
        draw.rectangle((lx - 1, ly + 85, lx + thumb_w, ly + 86 + thumb.height), outline=colour)
        caption = "segment thumbnail"
        draw.text((lx, ly + 90 + thumb.height), caption, font=_font(14), fill=MUTED)

    small = _font(16)
    merged = report.merged_cuts
    x0 = PAD + BORDER + LABEL_W
    previous = band.start - 1.0
    for i, (time, image_path) in enumerate(band.frames):
        cx = x0 + (i % cols) * (cell_width + GAP)
        cy = y + BORDER + GAP + (i // cols) * row_h
        thumb = images[image_path].resize((cell_width, cell_h), Image.Resampling.LANCZOS)
        sheet.paste(thumb, (cx, cy))
        draw.rectangle((cx - 1, cy - 1, cx + cell_width, cy + cell_h), outline=colour)
        stamp = f"{time:.2f} s"
        tw = draw.textlength(stamp, font=small)
        draw.text((cx + (cell_width - tw) / 2, cy + cell_h + 4), stamp, font=small, fill=INK)
        crossed = [c for c in merged if previous < c <= time + SAME]
        if crossed:  # the first frame after a cut min_seconds merged away: say so on it
            tag = f"after merged cut {crossed[-1]:.2f} s"
            tw = draw.textlength(tag, font=_font(14))
            draw.rectangle((cx, cy, cx + tw + 10, cy + 20), fill=CUT)
            draw.text((cx + 5, cy + 2), tag, font=_font(14), fill=PAPER)
        previous = time


def _boundary(draw: ImageDraw.ImageDraw, report: Report, at: float, mid: int, width: int) -> None:
    """The rule between two bands: red for a cut, grey for a max_seconds split."""
    is_cut = any(abs(at - c) <= SAME for c in report.cuts)
    colour = CUT if is_cut else SPLIT
    draw.rectangle((PAD, mid - 2, width - PAD, mid + 1), fill=colour)
    tag = f"cut at {at:.2f} s" if is_cut else f"split at {at:.2f} s (max_seconds)"
    small = _font(16)
    tw = draw.textlength(tag, font=small)
    draw.rectangle((width - PAD - tw - 16, mid - 11, width - PAD, mid + 10), fill=colour)
    draw.text((width - PAD - tw - 8, mid - 9), tag, font=small, fill=PAPER)


def _timeline(draw: ImageDraw.ImageDraw, report: Report, left: int, top: int, right: int) -> None:
    """The clip as a bar: segments in colour, found cuts above, known cuts below, seconds."""
    small, tiny = _font(15), _font(13)
    draw.text((left, top + 26), "Timeline", font=_font(20), fill=INK)
    draw.text((left, top + 50), "red ticks: cuts found", font=tiny, fill=CUT)
    draw.text((left, top + 66), "triangles: known cuts", font=tiny, fill=KNOWN)
    x0, x1 = left + LABEL_W, right - 12
    bar_top, bar_bottom = top + 30, top + 58
    total = max(report.duration, SAME)

    def x(t: float) -> float:
        return x0 + (x1 - x0) * min(max(t / total, 0.0), 1.0)

    spans = report.segments or [(0.0, report.duration)]
    for i, (s, e) in enumerate(spans):
        colour = PALETTE[i % len(PALETTE)]
        draw.rectangle((x(s), bar_top, x(e), bar_bottom), fill=_tint(colour, 0.55), outline=colour)
        label = str(i + 1) if report.segments else "one shot, no segments"
        tw = draw.textlength(label, font=small)
        if tw < x(e) - x(s) - 4:
            draw.text(((x(s) + x(e) - tw) / 2, bar_top + 5), label, font=small, fill=INK)
    merged = report.merged_cuts
    for cut in report.cuts:
        cx = x(cut)
        if any(abs(cut - m) <= SAME for m in merged):
            for yy in range(bar_top - 16, bar_bottom, 6):  # dashed: found, but no boundary
                draw.line((cx, yy, cx, min(yy + 3, bar_bottom)), fill=CUT, width=3)
            label = f"{cut:.2f} merged"
        else:
            draw.line((cx, bar_top - 16, cx, bar_bottom), fill=CUT, width=3)
            label = f"{cut:.2f}"
        tw = draw.textlength(label, font=tiny)
        draw.text((min(cx - tw / 2, x1 - tw), bar_top - 32), label, font=tiny, fill=CUT)
    for point in report.split_points:
        draw.line((x(point), bar_top - 8, x(point), bar_bottom), fill=SPLIT, width=3)
    if report.known is not None:
        for cut in report.known.times:
            kx = x(cut)
            draw.polygon(
                [(kx, bar_bottom + 2), (kx - 7, bar_bottom + 14), (kx + 7, bar_bottom + 14)],
                fill=KNOWN,
            )
        for a, b in report.known.fades:
            draw.rectangle((x(a), bar_bottom + 6, x(b), bar_bottom + 12), fill=KNOWN)
    for second in range(int(total) + 1):
        sx = x(second)
        draw.line((sx, bar_bottom + 18, sx, bar_bottom + 24), fill=MUTED)
        label = f"{second} s"
        tw = draw.textlength(label, font=tiny)
        draw.text((sx - tw / 2, bar_bottom + 26), label, font=tiny, fill=MUTED)


def _legend(draw: ImageDraw.ImageDraw, x: int, y: int, report: Report) -> None:
    font = _font(16)
    draw.rectangle((x, y + 8, x + 36, y + 11), fill=CUT)
    found = "" if report.cuts else " (none in this clip)"
    text = f"cut found by the detector: a new segment starts{found}"
    draw.text((x + 46, y), text, font=font, fill=INK)
    y += 26
    for dx in range(0, 36, 8):
        draw.rectangle((x + dx, y + 8, x + dx + 4, y + 11), fill=CUT)
    text = "cut found but merged: the shot next to it is shorter than min_seconds"
    draw.text((x + 46, y), text, font=font, fill=INK)
    y += 26
    draw.polygon([(x + 18, y + 2), (x + 11, y + 14), (x + 25, y + 14)], fill=KNOWN)
    if report.known is not None:
        known = f"known cut ({report.known.source}): a found cut above it is a hit"
        if report.known.fades:
            known += "; a black bar is a known cross-fade"
    else:
        known = "known cut (no reference for this clip)"
    draw.text((x + 46, y), known, font=font, fill=INK)
    y += 26
    for k, colour in enumerate(PALETTE[:3]):
        box = (x + k * 14, y + 2, x + k * 14 + 10, y + 16)
        draw.rectangle(box, fill=_tint(colour), outline=colour, width=2)
    text = "one band per segment: its thumbnail, its frames, the time under each"
    draw.text((x + 46, y), text, font=font, fill=INK)
