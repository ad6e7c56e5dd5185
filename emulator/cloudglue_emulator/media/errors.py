"""Errors raised by the media layer."""

from __future__ import annotations


class MediaError(Exception):
    """The input is not a decodable video; the message says why in plain words."""


class Stopped(Exception):
    """A long media operation ended early because its caller asked it to stop; no result."""
