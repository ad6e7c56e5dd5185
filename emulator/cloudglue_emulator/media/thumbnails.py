"""Thumbnail sizing and atomic JPEG writing on a bounded background worker."""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Generic, TypeVar

from PIL import Image

T = TypeVar("T")


def fit_width(width: int, height: int, max_width: int) -> tuple[int, int]:
    """Size that keeps the aspect ratio with width <= max_width; never upscales."""
    if max_width < 1:
        raise ValueError(f"max_width must be >= 1, got {max_width}")
    if width <= max_width:
        return width, height
    return max_width, max(1, round(height * max_width / width))


def thumbnail_name(index: int) -> str:
    """File name of the thumbnail for sample `index`."""
    return f"{index:06d}.jpg"


def write_jpeg(image: Image.Image, path: Path, quality: int) -> Path:
    """Encode `image` as JPEG to a temporary name beside `path`, then rename it into place."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        image.save(tmp, format="JPEG", quality=quality)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


class OrderedWriter(Generic[T]):
    """Renders and writes JPEGs on worker threads and hands results back in submission order.

    At most `max_pending` jobs wait or run at a time, which bounds memory.
    """

    def __init__(self, quality: int, max_pending: int = 8, workers: int = 1) -> None:
        self._quality = quality
        self._max_pending = max_pending
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="jpeg")
        self._pending: deque[tuple[T, Future[Path]]] = deque()

    def submit(self, item: T, render: Callable[[], Image.Image], path: Path) -> list[T]:
        """Queue render-and-write; returns the items whose writes finished, in order."""
        job = self._pool.submit(self._run, render, path)
        self._pending.append((item, job))
        done: list[T] = []
        while len(self._pending) >= self._max_pending or (
            self._pending and self._pending[0][1].done()
        ):
            done.append(self._pop())
        return done

    def _run(self, render: Callable[[], Image.Image], path: Path) -> Path:
        return write_jpeg(render(), path, self._quality)

    def drain(self) -> list[T]:
        """Wait for every queued write and return their items in order."""
        return [self._pop() for _ in range(len(self._pending))]

    def _pop(self) -> T:
        item, future = self._pending.popleft()
        future.result()
        return item

    def close(self) -> None:
        """Cancel what has not started and stop the worker."""
        for _, future in self._pending:
            future.cancel()
        self._pending.clear()
        self._pool.shutdown(wait=True)
