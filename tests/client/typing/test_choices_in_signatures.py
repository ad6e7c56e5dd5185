"""The spec's choices are `Literal` types in the client's signatures: mypy --strict rejects a
typo of a detector, a file status or a thumbnail kind, and accepts every value the spec lists.

The valid values are read from the generated aliases (openapi.yaml through `make generate`).
"""

from __future__ import annotations

import typing
from pathlib import Path

import pytest

from cloudglue_openapi import choices
from tests.support.typecheck import mypy_strict

pytestmark = pytest.mark.slow  # mypy --strict runs

HEADER = """from cloudglue_client import Cloudglue, shot_detector


def sync(cg: Cloudglue) -> None:
"""


def _program(detector: str, status: str, kind: str, order: str) -> list[str]:
    return [
        f"    shot_detector({detector!r})",
        f"    cg.files.list(status={status!r}, order={order!r})",
        f"    cg.segmentations.thumbnails('x', type={kind!r})",
        f"    cg.segmentations.thumbnails('x', type=[{kind!r}])",
    ]


def test_three_typos_fail_and_every_valid_value_passes(tmp_path: Path, mypy_cache: Path) -> None:
    detectors = typing.get_args(choices.ShotDetector)
    statuses = typing.get_args(choices.FileStatus)
    kinds = typing.get_args(choices.ThumbnailKind)
    orders = typing.get_args(choices.ListFilesOrder)
    lines = []
    for i in range(max(map(len, (detectors, statuses, kinds, orders)))):
        pick = [values[i % len(values)] for values in (detectors, statuses, kinds, orders)]
        lines += _program(*pick)
    valid = mypy_strict(HEADER + "\n".join(lines) + "\n", tmp_path / "valid", mypy_cache)
    assert valid.returncode == 0, valid.output

    typos = [detectors[0][:-1], statuses[0].upper(), kinds[0] + "s"]  # adaptiv, PENDING, ...
    program = HEADER + "\n".join(
        [
            f"    shot_detector({typos[0]!r})",
            f"    cg.files.list(status={typos[1]!r})",
            f"    cg.segmentations.thumbnails('x', type={typos[2]!r})",
        ]
    )
    wrong = mypy_strict(program + "\n", tmp_path / "typos", mypy_cache)
    first = HEADER.count("\n") + 1
    assert sorted(wrong.errors) == [first, first + 1, first + 2], wrong.output
    assert all("arg-type" in " ".join(messages) for messages in wrong.errors.values())
