"""A fault setting given an integer past a double's range (`10**400`: JSON and the command line
allow it) is refused like any value out of bounds, with the same words everywhere; it was a
500 from `PUT /_emulator/faults` and an OverflowError traceback from `serve` and `running()`."""

from __future__ import annotations

import pytest

from cloudglue_emulator.cli import build_parser
from cloudglue_emulator.errors import fmt
from cloudglue_emulator.settings import FAULT_OPTIONS, FaultOption, FaultSettings, FaultValueError
from cloudglue_emulator.testing import running

from .conftest import ORIGIN, Emu

NUMBERS = [o for o in FAULT_OPTIONS if o.kind is not bool]
HUGE = 10**400


@pytest.mark.parametrize("option", NUMBERS, ids=lambda o: o.name)
@pytest.mark.parametrize("value", [HUGE, -HUGE], ids=["huge", "minus-huge"])
async def test_a_huge_integer_is_out_of_bounds_everywhere(
    option: FaultOption, value: int, emu: Emu, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(FaultValueError) as raised:
        FaultSettings(**{option.name: value})  # type: ignore[arg-type]
    reason = raised.value.reason
    assert reason == f"must be {option.bounds()}, got {fmt(value)}"
    body = '{"' + option.name + '": ' + str(value) + "}"
    r = await emu.client.put(
        f"{ORIGIN}/_emulator/faults", content=body, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400, r.text
    assert r.json() == {"error": f"{option.name}: {reason}"}
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["serve", option.flag, str(value)])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.strip().endswith(f"argument {option.flag}: {reason}")
    with pytest.raises(ValueError) as refused, running(**{option.name: value}):
        pytest.fail("running() started a server with a value out of bounds")
    assert str(refused.value) == f"{option.name}: {reason}"


def test_huge_integers_are_shown_short() -> None:
    assert fmt(HUGE).endswith("(401 digits)")
    assert len(fmt(HUGE)) < 40
    assert fmt(-HUGE).startswith("-1000")
    assert (fmt(30), fmt(30.0), fmt(0.1), fmt(2**63 - 1)) == ("30", "30", "0.1", str(2**63 - 1))
