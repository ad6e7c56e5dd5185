"""A spec edit plus `make generate` moves the wrapper, the CLI and the emulator together.

One copy of openapi.yaml gets several mutations at once (a range widened, one narrowed, one
made exclusive, enum values added to request enums, an optional request field made
required, one operation's `limit` widened, server defaults moved), is generated into a
temporary package with the same script as `make generate`, and
tests/spec/propagation/probe.py runs the same inputs against the committed package and the
temporary one (PYTHONPATH puts it first). Each input must flip exactly as the mutation
says, with zero requests whenever the client rejects it. Any bound or enum copied by hand
into wrapper/ or emulator/ would keep its old answer and fail, as would a server default
typed into the emulator.
The enum values added are also checked by `mypy --strict` against the request enums' `Literal`
aliases (cloudglue_openapi.choices): rejected before generation, accepted after it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from cloudglue_openapi.constraints import field
from tests.support.contract_values import dots
from tests.support.paths import ROOT
from tests.support.typecheck import mypy_strict

pytestmark = pytest.mark.slow  # regeneration of mutated specs, mypy and pytest subprocesses

PROBE = Path(__file__).with_name("probe.py")
#: What the probe imports besides cloudglue_openapi: this checkout's wrapper and emulator.
CHECKOUT_CODE = (ROOT / "wrapper", ROOT / "emulator")

Spec = dict[str, Any]


def _schema(spec: Spec, name: str) -> Spec:
    schema: Spec = spec["components"]["schemas"][name]
    return schema


WIDE_FPS = 60


def _widen_fps(spec: Spec) -> None:
    fps = _schema(spec, "FrameExtractionUniformConfig")["properties"]["frames_per_second"]
    fps["maximum"] = WIDE_FPS


def _narrow_window(spec: Spec) -> None:
    _schema(spec, "UniformConfig")["properties"]["window_seconds"]["maximum"] = 90


ADDED_VALUES = {"FileStatus": "archived", "ShotDetector": "histogram"}


def _add_enum_values(spec: Spec) -> None:
    for name, value in ADDED_VALUES.items():
        _schema(spec, name)["enum"].append(value)


def _require_min_seconds(spec: Spec) -> None:
    _schema(spec, "ShotDetectorConfig")["required"].append("min_seconds")


def _exclusive_threshold(spec: Spec) -> None:
    threshold = _schema(spec, "ShotDetectorConfig")["properties"]["threshold"]
    del threshold["minimum"]
    threshold["exclusiveMinimum"] = 0


def _widen_one_limit(spec: Spec) -> None:
    # Only GET /frames/{id}: the shared Limit parameter is inlined there with a larger maximum.
    get = spec["paths"]["/frames/{frame_extraction_id}"]["get"]
    default = field("getFrameExtraction", "query.limit").server_default
    get["parameters"][0] = {
        "name": "limit",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 200, "x-server-default": default},
    }


#: Server defaults moved by the mutation, as the probe reads the emulator's echoes of them.
MOVED_DEFAULTS = {
    "fps": 2,
    "max_seconds": 200,
    "segment_thumbnails": False,
    "segment_page_limit": 20,
}


def _move_defaults(spec: Spec) -> None:
    uniform = _schema(spec, "FrameExtractionUniformConfig")["properties"]
    uniform["frames_per_second"]["x-server-default"] = MOVED_DEFAULTS["fps"]
    shot = _schema(spec, "ShotDetectorConfig")["properties"]
    shot["max_seconds"]["x-server-default"] = MOVED_DEFAULTS["max_seconds"]
    thumbnails = _schema(spec, "ThumbnailsConfig")["properties"]["enable_segment_thumbnails"]
    thumbnails["x-server-default"] = MOVED_DEFAULTS["segment_thumbnails"]
    limit = spec["components"]["parameters"]["SegmentLimit"]["schema"]
    limit["x-server-default"] = MOVED_DEFAULTS["segment_page_limit"]


MUTATIONS: list[Callable[[Spec], None]] = [
    _widen_fps,
    _narrow_window,
    _add_enum_values,
    _require_min_seconds,
    _exclusive_threshold,
    _widen_one_limit,
    _move_defaults,
]

# input -> (outcome with the committed spec, outcome with the mutated spec)
EXPECTED = {
    "fps 45": ("rejected", "ok"),
    "window 100": ("ok", "rejected"),
    "status archived": ("rejected", "ok"),
    "detector histogram": ("rejected", "ok"),
    "no min_seconds": ("ok", "rejected"),
    "threshold 0": ("ok", "rejected"),
}
ONLY_WRAPPER_AND_EMULATOR = {"get limit 150": ("rejected", "ok")}


def _probe(generated: Path) -> dict[str, Any]:
    """The probe's outcomes with the cloudglue_openapi in `generated` and this checkout's
    wrapper and emulator (not whichever checkout the venv's editable install points to)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in (generated, *CHECKOUT_CODE))
    done = subprocess.run(
        [sys.executable, str(PROBE)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def mutated_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cloudglue_openapi generated from the mutated spec by codegen/generate.sh."""
    work = tmp_path_factory.mktemp("propagation")
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    for mutate in MUTATIONS:
        mutate(spec)
    mutated = work / "openapi.yaml"
    mutated.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    package = work / "pkg" / "cloudglue_openapi"
    subprocess.run(
        ["bash", str(ROOT / "codegen" / "generate.sh"), str(package), str(mutated)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return package


@pytest.fixture(scope="module")
def outcomes(mutated_package: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(probe with the committed package, probe with one generated from the mutated spec)."""
    return _probe(ROOT / "generated"), _probe(mutated_package.parent)


def test_the_bad_input_tests_follow_the_mutation(mutated_package: Path) -> None:
    """The tests read their bounds and enums from the constraints too: they still pass."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(mutated_package.parent)
    command = [sys.executable, "-m", "pytest", "tests/client/unit/test_bad_input.py", "-q"]
    command += ["-p", "no:xdist", "-p", "no:cacheprovider"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]
    assert " passed" in done.stdout


def test_the_mutated_package_is_the_one_probed(
    outcomes: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    before, after = outcomes
    fps = field("createFileFrameExtraction", "body.uniform_config.frames_per_second")
    assert dots(fps) in before["cli help"]["message"]
    assert f"{fps.minimum:g}..{WIDE_FPS:g}" in after["cli help"]["message"]


@pytest.mark.parametrize("case", sorted(EXPECTED))
@pytest.mark.parametrize("layer", ["wrapper", "cli", "emulator"])
def test_each_layer_follows_the_mutation(
    outcomes: tuple[dict[str, Any], dict[str, Any]], layer: str, case: str
) -> None:
    _check(outcomes, layer, case, EXPECTED[case])


@pytest.mark.parametrize("layer", ["wrapper", "emulator"])
def test_a_bound_of_one_operation_moves_only_that_operation(
    outcomes: tuple[dict[str, Any], dict[str, Any]], layer: str
) -> None:
    _check(outcomes, layer, "get limit 150", ONLY_WRAPPER_AND_EMULATOR["get limit 150"])


def _check(
    outcomes: tuple[dict[str, Any], dict[str, Any]],
    layer: str,
    case: str,
    expected: tuple[str, str],
) -> None:
    for result, want in zip(outcomes, expected, strict=True):
        got = result[f"{layer} {case}"]
        assert got["outcome"] == want, got
        if layer == "emulator":
            continue
        if want == "rejected":
            assert got["requests"] == 0, got
            if layer == "cli":
                assert got["code"] == 2, got  # usage error, before any request
        else:
            assert got["requests"] == 1, got


def test_the_emulator_applies_the_server_defaults_the_spec_states(
    outcomes: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    before, after = outcomes
    create = "createFileFrameExtraction", "createFileSegmentation"
    committed = {
        "fps": field(create[0], "body.uniform_config.frames_per_second").server_default,
        "max_seconds": field(create[1], "body.shot_detector_config.max_seconds").server_default,
        "segment_thumbnails": field(
            create[1], "body.thumbnails_config.enable_segment_thumbnails"
        ).server_default,
        "segment_page_limit": field("getSegmentation", "query.limit").server_default,
    }
    assert before["emulator defaults"] == committed
    assert after["emulator defaults"] == MOVED_DEFAULTS


def test_an_added_enum_value_type_checks_only_after_generation(
    mutated_package: Path, tmp_path: Path
) -> None:
    names = sorted(ADDED_VALUES)
    lines = [f"from cloudglue_openapi.choices import {', '.join(names)}", ""]
    first = len(lines) + 1
    lines += [f"choice_{i}: {name} = {ADDED_VALUES[name]!r}" for i, name in enumerate(names)]
    program = "\n".join(lines) + "\n"
    cache = tmp_path / "cache"
    before = mypy_strict(program, tmp_path / "before", cache, ROOT / "generated")
    after = mypy_strict(program, tmp_path / "after", cache, mutated_package.parent)
    assert sorted(before.errors) == list(range(first, first + len(names))), before.output
    for line, name in zip(sorted(before.errors), names, strict=True):
        assert f"Literal['{ADDED_VALUES[name]}']" in before.errors[line][0], before.output
    assert after.returncode == 0 and not after.errors, after.output
