"""A frame-number barcode that survives downscaling to 64 px and JPEG compression.

The band covers the top `BAND_FRACTION` of the frame, full width, split into `CELLS` equal
cells: a start marker (black, white), `DATA_BITS` Gray-coded bits of the frame number (most
significant first, black = 1), one even-parity bit, and a stop marker (white, black). Gray code
makes consecutive frames differ in a single bar, so the band barely moves shot detectors.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from .errors import MediaError

DATA_BITS = 14
BAND_FRACTION = 0.2
_START = (1, 0)
_STOP = (0, 1)
CELLS = len(_START) + DATA_BITS + 1 + len(_STOP)
MAX_VALUE = (1 << DATA_BITS) - 1
_DARK, _LIGHT = 80.0, 175.0


def band_height(height: int) -> int:
    """Height in pixels of the barcode band for a frame `height` pixels tall."""
    return max(1, round(height * BAND_FRACTION))


def _cells(value: int) -> list[int]:
    gray = value ^ (value >> 1)
    bits = [(gray >> (DATA_BITS - 1 - i)) & 1 for i in range(DATA_BITS)]
    return [*_START, *bits, sum(bits) % 2, *_STOP]


def encode_barcode(frame: NDArray[np.uint8], value: int) -> None:
    """Draw `value` (0..MAX_VALUE) as a barcode into the top band of an HxWx3 RGB frame in place."""
    if not 0 <= value <= MAX_VALUE:
        raise ValueError(f"barcode value {value} outside 0..{MAX_VALUE}")
    height, width = frame.shape[:2]
    edges = np.round(np.linspace(0, width, CELLS + 1)).astype(int)
    row = np.empty(width, dtype=np.uint8)
    for cell, black in enumerate(_cells(value)):
        row[edges[cell] : edges[cell + 1]] = 0 if black else 255
    frame[: band_height(height)] = row[None, :, None]


def read_barcode(image: Image.Image) -> int:
    """Decode the number drawn by `encode_barcode`; MediaError if the code does not check out."""
    gray = np.asarray(image.convert("L"), dtype=np.float32)
    height, width = gray.shape
    band = band_height(height)
    top, bottom = band // 4, max(band // 4 + 1, band - band // 4)
    rows = gray[top:bottom]
    cell_width = width / CELLS
    levels = []
    for cell in range(CELLS):
        centre = (cell + 0.5) * cell_width
        x0 = round(centre - cell_width / 4)
        x1 = max(x0 + 1, round(centre + cell_width / 4))
        levels.append(float(rows[:, x0:x1].mean()))
    if any(_DARK < level < _LIGHT for level in levels):
        raise MediaError("no frame barcode: the band has grey cells")
    cells = [1 if level <= _DARK else 0 for level in levels]
    start, stop = tuple(cells[: len(_START)]), tuple(cells[-len(_STOP) :])
    bits = cells[len(_START) : len(_START) + DATA_BITS]
    parity = cells[len(_START) + DATA_BITS]
    if start != _START or stop != _STOP:
        raise MediaError("no frame barcode: start/stop markers do not match")
    if sum(bits) % 2 != parity:
        raise MediaError("frame barcode parity check failed")
    gray_code = 0
    for bit in bits:
        gray_code = (gray_code << 1) | bit
    value, shift = gray_code, gray_code >> 1
    while shift:
        value ^= shift
        shift >>= 1
    return value
