"""The `cloudglue_client` logger; CLOUDGLUE_LOG=debug|info turns on a stderr handler."""

from __future__ import annotations

import logging
import os

from ._constants import LOG_ENV

logger = logging.getLogger("cloudglue_client")
#: The format of a log line, here and in the CLI's --debug.
FORMAT = "%(asctime)s %(name)s %(levelname)s %(message)s"
_configured = False


def configure_from_env() -> None:
    """Attach a stderr handler once if CLOUDGLUE_LOG asks for one; else leave logging alone."""
    global _configured
    if _configured:
        return
    _configured = True
    level = os.environ.get(LOG_ENV, "").strip().lower()
    if level not in ("debug", "info"):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(_Printable(FORMAT))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if level == "debug" else logging.INFO)


def printable(text: str) -> str:
    """`text` on one printable line: a server's text quoted in a message or log line, whose
    line breaks would forge log lines and whose escape sequences would drive a terminal, is
    written escaped (`\\x1b`, `\\n`)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


class _Printable(logging.Formatter):
    """One printable line per record (see `printable`); a traceback keeps its own lines."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return printable(super().formatMessage(record))
