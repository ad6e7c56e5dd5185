"""Option types, choices and help ranges come from the generated constraints."""

from __future__ import annotations

import argparse

from cloudglue_client._validation import describe
from cloudglue_client.cli._parser import build_parser
from cloudglue_client.cli._strategies import STRATEGIES
from cloudglue_openapi.constraints import field as contract


def _command(group: str, name: str) -> argparse.ArgumentParser:
    top = build_parser()
    groups = top._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    commands = groups[group]._subparsers._group_actions[0].choices
    parser: argparse.ArgumentParser = commands[name]
    return parser


def _option(parser: argparse.ArgumentParser, flag: str) -> argparse.Action:
    [action] = [a for a in parser._actions if flag in a.option_strings]
    return action


def test_ranges_in_help_are_the_contracts() -> None:
    create = _command("segmentations", "create")
    for flag, path in (
        ("--window", "body.uniform_config.window_seconds"),
        ("--hop", "body.uniform_config.hop_seconds"),
        ("--threshold", "body.shot_detector_config.threshold"),
        ("--min-seconds", "body.shot_detector_config.min_seconds"),
        ("--max-seconds", "body.shot_detector_config.max_seconds"),
    ):
        spec = contract("createFileSegmentation", path)
        assert f"({describe(spec)}" in (_option(create, flag).help or ""), flag
    get = _command("frames", "get")
    limit = contract("getFrameExtraction", "query.limit")
    assert _option(get, "--limit").help == f"frames per page ({describe(limit)})"


def test_choices_are_the_contracts_enums() -> None:
    create = _command("segmentations", "create")
    detectors = contract("createFileSegmentation", "body.shot_detector_config.detector").enum
    assert list(_option(create, "--detector").choices or ()) == list(detectors or ())
    strategies = contract("createFileSegmentation", "body.strategy").enum or ()
    expected = [s for s in strategies if s in STRATEGIES]
    assert list(_option(create, "--strategy").choices or ()) == expected
    assert set(STRATEGIES) <= set(strategies)
    statuses = contract("listFiles", "query.status").enum
    assert list(_option(_command("files", "list"), "--status").choices or ()) == list(
        statuses or ()
    )


def test_integer_inputs_parse_as_int_and_numbers_as_float() -> None:
    get = _command("frames", "get")
    assert _option(get, "--limit").type is int
    assert _option(_command("frames", "create"), "--fps").type is float
