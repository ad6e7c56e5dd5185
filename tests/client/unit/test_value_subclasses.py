"""Values of a subclass of int, float or str (an `Enum` mixing one in, a library's own number
or text type) are sent as the plain value they stand for, not as their `str()`: an
`class Size(int, Enum)` member passes every check as 5 but prints as `Size.SMALL`, which is
what a query parameter or a path segment would carry if the client wrote it by `str()`.
"""

from __future__ import annotations

import enum
from typing import Any

import pytest

from cloudglue_client import _validation as v
from cloudglue_openapi.constraints import field
from tests.support.fakeapi import FILE_ID, JOB_ID, FakeAPI, frame_job, respond

from .conftest import Flavor

SEGMENTS = "listFileSegments"


def test_an_int_enum_member_is_sent_as_its_number(flavor: Flavor, api: FakeAPI) -> None:
    """`limit`, `offset` and `page_size` given as members of an `(int, Enum)` reach the query
    as their numbers."""
    low, high = v.page_size_bounds()

    class Size(int, enum.Enum):
        PAGE = (low + high) // 2
        START = 3

    assert str(Size.PAGE) != str(int(Size.PAGE))  # what a str() would send instead
    api.script = [respond(200, frame_job())]
    flavor.call(lambda cg: cg.frames.get(JOB_ID, limit=Size.PAGE, offset=Size.START))
    api.script = [respond(200, {"object": "list", "data": [], "total": 0, "limit": 1, "offset": 0})]
    flavor.collect(lambda cg: cg.files.list(page_size=Size.PAGE))
    first, listed = (dict(r.url.params) for r in api.requests)
    assert first == {"limit": str(int(Size.PAGE)), "offset": "3"}
    assert listed["limit"] == str(int(Size.PAGE))


def test_a_float_enum_member_is_sent_as_its_number(flavor: Flavor, api: FakeAPI) -> None:
    """A float `(float, Enum)` member on a field with a cross-field rule is checked and sent as
    its number (the rule's message used to format it with `:g`, which such a member refuses)."""
    spec = field(SEGMENTS, "query.min_duration")
    assert spec.minimum is not None and spec.maximum is None, spec
    shortest = spec.minimum + 1.5  # above the floor; the field has no ceiling

    class Seconds(float, enum.Enum):
        SHORT = shortest

    page: dict[str, Any] = {"object": "list", "data": [], "total": 0, "limit": 1, "offset": 0}
    api.script = [respond(200, page)]
    flavor.collect(lambda cg: cg.files.segments(FILE_ID, min_duration=Seconds.SHORT))
    assert api.requests[0].url.params["min_duration"] == str(float(shortest))


def test_a_str_enum_member_is_sent_as_its_text(flavor: Flavor, api: FakeAPI) -> None:
    """A file id given as a `(str, Enum)` member reaches the path as the id, not `Ids.CLIP`."""

    class Ids(str, enum.Enum):  # noqa: UP042 - not StrEnum: its str() is "Ids.CLIP"
        CLIP = "file-clip-1"

    api.script = [respond(404, {"error": "Not found"})]
    with pytest.raises(Exception, match="Not found"):
        flavor.call(lambda cg: cg.files.get(Ids.CLIP))
    assert api.requests[0].url.path.endswith("/files/file-clip-1")


def test_extra_query_values_of_an_enum_are_sent_as_their_values(
    flavor: Flavor, api: FakeAPI
) -> None:
    """`extra_query` values are sent as the plain values they stand for, as arguments are."""

    class Tag(str, enum.Enum):  # noqa: UP042 - not StrEnum: its str() is "Tag.BETA"
        BETA = "beta"

    class Level(int, enum.Enum):
        TWO = 2

    api.script = [respond(200, frame_job())]
    flavor.call(lambda cg: cg.frames.get(JOB_ID, extra_query={"tag": Tag.BETA, "n": Level.TWO}))
    params = api.requests[0].url.params
    assert (params["tag"], params["n"]) == ("beta", "2")
