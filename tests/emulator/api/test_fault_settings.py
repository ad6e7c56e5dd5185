"""One table of fault settings: the `serve` flags, `PUT /_emulator/faults`, `FaultSettings` and
`running()` accept the same values and refuse each setting's floor and ceiling with the same
words."""

from __future__ import annotations

from typing import Any

import pytest

from cloudglue_emulator.cli import build_parser, settings_from_args
from cloudglue_emulator.settings import FAULT_OPTIONS, FaultOption, FaultSettings, FaultValueError
from cloudglue_emulator.testing import running

from .conftest import ORIGIN, Emu

BOUNDED = [o for o in FAULT_OPTIONS if o.minimum is not None and o.maximum is not None]


def _number(option: FaultOption, value: float) -> float | int:
    return int(value) if option.kind is int else value


def outside(option: FaultOption) -> list[float | int]:
    """Just below the floor (the floor itself when it is excluded) and just above the ceiling."""
    assert option.minimum is not None and option.maximum is not None
    below = option.minimum if option.exclusive_minimum else option.minimum - 1
    return [_number(option, below), _number(option, option.maximum + 1)]


def edges(option: FaultOption) -> list[float | int]:
    """The lowest and highest accepted values."""
    assert option.minimum is not None and option.maximum is not None
    low = option.minimum + (0.5 if option.exclusive_minimum else 0)
    return [_number(option, low), _number(option, option.maximum)]


def cli_error(flag: str, value: object, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["serve", flag, str(value)])
    assert stopped.value.code == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_the_table_covers_every_setting_and_every_number_is_bounded() -> None:
    assert [o.name for o in FAULT_OPTIONS] == list(FaultSettings().__dict__)
    assert [o.name for o in FAULT_OPTIONS if o not in BOUNDED] == ["thumbnail_faults"]
    latency = next(o for o in FAULT_OPTIONS if o.name == "latency_ms")
    assert (latency.minimum, latency.maximum, latency.flag) == (0, 60_000, "--latency-ms")


@pytest.mark.parametrize("option", BOUNDED, ids=lambda o: o.name)
async def test_floor_and_ceiling_are_refused_alike_everywhere(
    option: FaultOption, emu: Emu, capsys: pytest.CaptureFixture[str]
) -> None:
    for value in outside(option):
        with pytest.raises(FaultValueError) as raised:
            FaultSettings(**{option.name: value})  # type: ignore[arg-type]
        reason = raised.value.reason
        assert reason.startswith(f"must be {option.bounds()}, got ")
        assert str(raised.value) == f"{option.name}: {reason}"
        assert cli_error(option.flag, value, capsys) == (
            f"cloudglue-emulator serve: error: argument {option.flag}: {reason}"
        )
        r = await emu.client.put(f"{ORIGIN}/_emulator/faults", json={option.name: value})
        assert r.status_code == 400 and r.json() == {"error": f"{option.name}: {reason}"}
        with pytest.raises(ValueError) as refused, running(**{option.name: value}):
            pytest.fail("running() started a server with a value out of bounds")
        assert str(refused.value) == f"{option.name}: {reason}"
    assert (await emu.client.get(f"{ORIGIN}/_emulator/faults")).json() == FaultSettings().__dict__


def test_the_words_of_a_refusal(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_error("--latency-ms", 60_001, capsys).endswith(
        "argument --latency-ms: must be between 0 and 60000, got 60001"
    )
    assert cli_error("--retry-after", -1, capsys).endswith(
        "argument --retry-after: must be between 0 and 86400, got -1"
    )
    assert cli_error("--rps", 0, capsys).endswith(
        "argument --rps: must be > 0 and <= 1000000, got 0"
    )
    assert cli_error("--fault-seed", 1.5, capsys).endswith("must be an integer, got 1.5")
    assert cli_error("--fail-rate", "often", capsys).endswith("must be a number, got 'often'")


@pytest.mark.parametrize("option", BOUNDED, ids=lambda o: o.name)
async def test_the_edges_are_accepted_alike_everywhere(option: FaultOption, emu: Emu) -> None:
    for value in edges(option):
        settings = FaultSettings(**{option.name: value})  # type: ignore[arg-type]
        assert getattr(settings, option.name) == value
        args = build_parser().parse_args(["serve", option.flag, str(value)])
        assert settings_from_args(args).faults == settings
        r = await emu.client.put(f"{ORIGIN}/_emulator/faults", json={option.name: value})
        assert r.status_code == 200 and r.json()[option.name] == value


def test_running_starts_the_server_with_exactly_its_settings() -> None:
    """`running()` passes its settings as `serve` flags; parsed back they are the same."""
    chosen: dict[str, Any] = {
        "latency_ms": 2.5,
        "fail_rate": 0.25,
        "rps": 7,
        "retry_after": 0,
        "fault_seed": 0,
        "thumbnail_faults": True,
    }
    settings = FaultSettings(**chosen)
    args = build_parser().parse_args(["serve", *settings.as_flags()])
    assert settings_from_args(args).faults == settings
    assert FaultSettings().as_flags() == []
    unknown = "unknown fault setting 'latency'; known: latency_ms"
    with pytest.raises(TypeError, match=unknown), running(latency=5):
        pytest.fail("started")


def test_types_are_checked_alike() -> None:
    for name, value, reason in (
        ("latency_ms", True, "must be a number, got bool"),
        ("retry_after", 1.5, "must be an integer, got 1.5"),
        ("fail_rate", "0.5", "must be a number, got '0.5'"),
        ("thumbnail_faults", 1, "must be true or false, got int"),
        ("latency_ms", None, "must be a number, got null"),
    ):
        with pytest.raises(FaultValueError) as raised:
            FaultSettings(**{name: value})
        assert raised.value.reason == reason, name
    assert FaultSettings(retry_after=2.0).retry_after == 2  # type: ignore[arg-type]
    assert FaultSettings(rps=None, fault_seed=None) == FaultSettings()
