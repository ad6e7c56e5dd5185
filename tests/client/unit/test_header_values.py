"""Header values with whitespace around them (`default_headers`, `extra_headers`): sent without
it, as HTTP defines a field value (RFC 9110, 5.5: leading and trailing whitespace is not part
of it) and as the client already treats its api_key and user_agent. h11 refuses such a value
when it is sent; that surfaced as an APIConnectionError, after retries, for a local mistake."""

from __future__ import annotations

import pytest

from tests.support.fakeapi import FILE_ID, FakeAPI, respond

from .conftest import Flavor

FILE = {"id": FILE_ID, "uri": "cloudglue://files/f1", "status": "pending"}


@pytest.mark.parametrize("value", [" team-a", "team-a ", "\tteam-a\t"])
def test_a_default_header_is_sent_without_surrounding_whitespace(
    flavor: Flavor, api: FakeAPI, value: str
) -> None:
    api.script = [respond(200, FILE)]
    flavor.call(lambda cg: cg.files.get(FILE_ID), default_headers={"X-Team": value})
    assert len(api.requests) == 1
    assert api.requests[0].headers["x-team"] == "team-a"


def test_an_extra_header_is_sent_without_surrounding_whitespace(
    flavor: Flavor, api: FakeAPI
) -> None:
    api.script = [respond(200, FILE)]
    flavor.call(lambda cg: cg.files.get(FILE_ID, extra_headers={"X-Trace": " t-1 "}))
    assert len(api.requests) == 1
    assert api.requests[0].headers["x-trace"] == "t-1"


@pytest.mark.parametrize("name", ["X(A)", "X,A", 'X"A', "X/A", "X@A", "X{A}", "X[A]", "X=A"])
def test_a_header_name_that_is_not_an_http_token_is_refused_before_sending(
    flavor: Flavor, api: FakeAPI, name: str
) -> None:
    """Only RFC 9110 token characters make a field name; h11 refuses the others when the
    request is written, which came back as an APIConnectionError after every retry."""
    with pytest.raises(ValueError, match=r"extra_headers: .* is not a valid header name"):
        flavor.call(lambda cg: cg.files.get(FILE_ID, extra_headers={name: "v"}))
    with pytest.raises(ValueError, match=r"default_headers: .* is not a valid header name"):
        flavor.client(default_headers={name: "v"})
    assert api.requests == []


def test_content_type_is_the_bodys_and_cannot_be_replaced(flavor: Flavor, api: FakeAPI) -> None:
    """The client sets Content-Type from the body it sends (JSON, or multipart with its
    boundary), as it sets Content-Length; one given in the headers replaced it, so an upload
    went out as `application/json` with a multipart body the server cannot split."""
    with pytest.raises(ValueError, match=r"extra_headers: 'Content-Type' is set by the client"):
        flavor.call(lambda cg: cg.files.get(FILE_ID, extra_headers={"Content-Type": "text/csv"}))
    with pytest.raises(ValueError, match=r"default_headers: 'content-type' is set by the client"):
        flavor.client(default_headers={"content-type": "application/json"})
    assert api.requests == []


@pytest.mark.parametrize("where", ["default_headers", "extra_headers"])
def test_one_header_named_twice_in_two_cases_is_refused(
    flavor: Flavor, api: FakeAPI, where: str
) -> None:
    # Both were sent: a server takes either, or joins them; say so before anything is sent.
    twice = {"X-Team": "a", "x-team": "b"}
    with pytest.raises(ValueError, match=r"'X-Team' and 'x-team' are the same header"):
        if where == "default_headers":
            flavor.call(lambda cg: cg.files.get(FILE_ID), default_headers=twice)
        else:
            flavor.call(lambda cg: cg.files.get(FILE_ID, extra_headers=twice))
    assert api.requests == []
