"""The segmentation strategies `segmentations create` builds: each one's builder and options.

One row per option; the parser's titled groups, the check that an option fits --strategy,
the builder's call and a table's CONFIG column all read it, so an option is added in one row.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from cloudglue_client._constants import DEFAULT_DETECTOR
from cloudglue_client._validation import describe
from cloudglue_client.configs import CREATE, manual, shot_detector, uniform
from cloudglue_openapi.constraints import field

if TYPE_CHECKING:
    from cloudglue_openapi.models import NewSegmentation


class Option(NamedTuple):
    """An option: the field of its strategy's config it sets (also the builder's keyword and
    the option's dest), its flag, help, label in CONFIG ("": none), what to say when it is
    needed and left out ("": not needed), and more keywords of the parser's `contract`."""

    field: str
    flag: str
    help: str
    label: str = ""
    needed: str = ""
    extra: Mapping[str, Any] = {}

    @property
    def shown(self) -> str:
        """The option as messages name it: `--fill-gaps/--no-fill-gaps` for a switch."""
        if self.extra.get("action") is argparse.BooleanOptionalAction:
            return f"{self.flag}/--no-{self.flag[2:]}"
        return self.flag


class Strategy(NamedTuple):
    """A strategy: its builder, its config's field in the model, its options, and whether
    --start/--end apply to it."""

    build: Callable[..., NewSegmentation]
    config: str
    options: tuple[Option, ...]
    spans: bool = True

    def settings(self) -> dict[str, str]:
        """What a table's CONFIG column shows: label -> attribute of a job's config."""
        return {o.label: f"{self.config}.{o.field}" for o in self.options if o.label}


def _time_range(text: str) -> tuple[float, float]:
    try:
        start, end = map(float, text.split(":"))  # not two numbers: ValueError
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected START:END in seconds, got {text!r}") from None
    return start, end


_MANUAL_TIME = describe(field(CREATE, "body.manual_config.segments[].start_time"))

# fmt: off
#: The strategies `segmentations create` builds (the contract's enum may hold more).
STRATEGIES = {
    "uniform": Strategy(uniform, "uniform_config", (
        Option("window_seconds", "--window", "window length", "window",
               needed="--window is required", extra={"seconds": True}),
        Option("hop_seconds", "--hop", "step between windows, default: the window", "hop",
               extra={"seconds": True}),
    )),
    "shot-detector": Strategy(shot_detector, "shot_detector_config", (
        Option("detector", "--detector", f"algorithm (default {DEFAULT_DETECTOR})", "detector"),
        Option("threshold", "--threshold", "sensitivity, lower cuts more", "threshold",
               extra={"metavar": "X"}),
        Option("min_seconds", "--min-seconds", "shortest segment", "min", extra={"metavar": "X"}),
        Option("max_seconds", "--max-seconds", "longest segment", "max", extra={"metavar": "X"}),
        Option("fill_gaps", "--fill-gaps",
               "turn gaps between shots into segments (default: the server's)", "fill_gaps",
               extra={"action": argparse.BooleanOptionalAction, "default": None}),
    )),
    "manual": Strategy(manual, "manual_config", (
        Option("segments", "--range",
               f"one segment in seconds (each {_MANUAL_TIME}); repeat for more",
               needed="--range START:END is required (at least once)",
               extra={"action": "append", "type": _time_range, "metavar": "START:END"}),
    ), spans=False),
}
# fmt: on
