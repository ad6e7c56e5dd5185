"""uvicorn's server as the emulator runs it (imported only by `serve`, so the command line
can start, and explain a missing extra, without uvicorn installed)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn


class Server(uvicorn.Server):
    """uvicorn's server, minus re-raising SIGINT/SIGTERM after the graceful shutdown (which
    would end the process by that signal instead of exiting with status 0)."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        stops = (signal.SIGINT, signal.SIGTERM)
        original = {sig: signal.signal(sig, self.handle_exit) for sig in stops}
        try:
            yield
        finally:
            for sig, handler in original.items():
                signal.signal(sig, handler)
