"""The narrowing names for optional model fields are importable from cloudglue_client."""

from __future__ import annotations

import subprocess
import sys

import cloudglue_client
from cloudglue_client import UNSET, Frame, Unset, is_set
from cloudglue_openapi import types


def test_unset_is_the_models_own_marker() -> None:
    assert UNSET is types.UNSET
    assert Unset is types.Unset
    frame = Frame.from_dict({"id": "00000000-0000-0000-0000-000000000001", "timestamp": 0.5})
    assert frame.thumbnail_url is UNSET
    assert isinstance(frame.thumbnail_url, Unset)
    assert not is_set(frame.thumbnail_url)


def test_is_set_keeps_falsy_values_and_none() -> None:
    assert is_set(None) and is_set("") and is_set(0) and is_set(False)
    assert not is_set(UNSET)
    assert not is_set(Unset())


def test_the_names_do_not_load_the_generated_client_at_import() -> None:
    code = "import sys, cloudglue_client; print('cloudglue_openapi.types' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert {"UNSET", "Unset", "is_set", "FileRef", "SegmentRef"} <= set(cloudglue_client.__all__)


def test_created_at_datetime_reads_both_units_and_refuses_what_no_datetime_holds() -> None:
    import datetime as dt
    import math

    import pytest

    from cloudglue_client import created_at_datetime

    moment = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)
    assert created_at_datetime(moment.timestamp()) == moment
    assert created_at_datetime(int(moment.timestamp() * 1000)) == moment
    for odd in (math.nan, math.inf, -math.inf, 1e20, 10**30):
        with pytest.raises(ValueError, match=r"created_at: .* is no time a datetime can hold"):
            created_at_datetime(odd)
