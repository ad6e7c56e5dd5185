"""Values and range texts built from the generated constraints, for tests of bad input.

Tests never type a bound or enum value of openapi.yaml: they take a field from
`cloudglue_openapi.constraints` and ask here for a value it refuses (`below`, `above`,
`not_one_of`), one it accepts (`inside`), and the range as the client (`dots`: `0.1..30`) or the
emulator (`words`: `between 0.1 and 30`) writes it. A spec edit plus `make generate` then moves
the tests with the code they test.
"""

from __future__ import annotations

from cloudglue_openapi.constraints import Field


def number(value: float) -> str:
    """A number as the messages write it: 30 rather than 30.0, 0.05 rather than 5e-02."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def below(spec: Field) -> float:
    """A value the minimum refuses: the bound itself when exclusive, else half of it when
    positive (0.05 for 0.1: still a plausible number), else one less."""
    assert spec.minimum is not None, spec
    if spec.exclusive_minimum:
        return spec.minimum
    if spec.is_integer or spec.minimum <= 0:
        return spec.minimum - 1
    return spec.minimum / 2


def above(spec: Field) -> float:
    """A value the maximum refuses."""
    assert spec.maximum is not None, spec
    return spec.maximum if spec.exclusive_maximum else spec.maximum + 1


def inside(spec: Field) -> float:
    """A value the bounds accept: midway when both are stated."""
    assert spec.minimum is not None and spec.maximum is not None, spec
    return (spec.minimum + spec.maximum) / 2


def not_one_of(spec: Field) -> str:
    """A string the enum does not hold."""
    assert spec.enum is not None, spec
    value = "ready"
    while value in spec.enum:
        value += "-not"
    return value


def dots(spec: Field) -> str:
    """The range as the client writes it: `0.1..30`, `0 < x <= 255`, `>= 0`."""
    low, high = spec.minimum, spec.maximum
    if low is not None and high is not None:
        if spec.exclusive_minimum or spec.exclusive_maximum:
            left = "<" if spec.exclusive_minimum else "<="
            right = "<" if spec.exclusive_maximum else "<="
            return f"{low:g} {left} x {right} {high:g}"
        return f"{low:g}..{high:g}"
    if low is not None:
        return f"{'>' if spec.exclusive_minimum else '>='} {low:g}"
    assert high is not None, spec
    return f"{'<' if spec.exclusive_maximum else '<='} {high:g}"


def words(spec: Field) -> str:
    """The range as the emulator writes it: `between 0.1 and 30`, `>= 0`, `> 0 and <= 5`."""
    low, high = spec.minimum, spec.maximum
    if not (spec.exclusive_minimum or spec.exclusive_maximum):
        if low is not None and high is not None:
            return f"between {number(low)} and {number(high)}"
        if low is not None:
            return f">= {number(low)}"
        assert high is not None, spec
        return f"<= {number(high)}"
    parts = []
    if low is not None:
        parts.append(f"{'>' if spec.exclusive_minimum else '>='} {number(low)}")
    if high is not None:
        parts.append(f"{'<' if spec.exclusive_maximum else '<='} {number(high)}")
    return " and ".join(parts)


def one_of(spec: Field) -> str:
    """The enum as the emulator lists it: `adaptive, content`."""
    assert spec.enum is not None, spec
    return ", ".join(spec.enum)
