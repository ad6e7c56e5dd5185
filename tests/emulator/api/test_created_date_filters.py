"""`created_after` and `created_before` of GET /files take a UTC date, read as that day's
midnight: `created_after=D` keeps files created at or after D 00:00 UTC (D's own included),
`created_before=D` those created before it (D's own excluded). openapi.yaml says only "after
this UTC date" and "before this UTC date", which leaves whether D's own files are "after D"
open; this is the emulator's documented choice (cloudglue_emulator/__init__.py)."""

from __future__ import annotations

import datetime as dt

from cloudglue_emulator.media import SampleTruth

from .conftest import Emu


async def test_a_date_filter_bounds_at_that_days_utc_midnight(
    emu: Emu, sample: SampleTruth
) -> None:
    uploaded = await emu.upload(sample.path)
    day = dt.datetime.fromtimestamp(uploaded["created_at"] / 1000, dt.UTC).date()
    next_day = day + dt.timedelta(days=1)

    async def ids(**params: str) -> list[str]:
        r = await emu.client.get("/files", params=params)
        assert r.status_code == 200, r.text
        return [f["id"] for f in r.json()["data"]]

    kept = [uploaded["id"]]
    assert await ids(created_after=day.isoformat()) == kept
    assert await ids(created_after=next_day.isoformat()) == []
    assert await ids(created_before=day.isoformat()) == []
    assert await ids(created_before=next_day.isoformat()) == kept
    assert await ids(created_after=day.isoformat(), created_before=next_day.isoformat()) == kept
