"""Who the client says it is: __version__, the User-Agent on every request, --version."""

from __future__ import annotations

import importlib.metadata
import platform
import re
import tomllib
from pathlib import Path

import httpx
import pytest

import cloudglue_client
from cloudglue_client.cli import main as cli_main
from tests.support.fakeapi import JOB_ID, FakeAPI, respond
from tests.support.paths import ROOT

from .conftest import Flavor

PYTHON = ".".join(platform.python_version_tuple()[:2])
BASE = f"cloudglue-client/{cloudglue_client.__version__} python/{PYTHON} httpx/{httpx.__version__}"


def test_version_has_one_source() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+([ab]|rc|\.dev|\.post)?\d*", cloudglue_client.__version__)
    # pyproject.toml reads it from _version.py; the installed metadata agrees.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["hatch"]["version"]["path"] == "wrapper/cloudglue_client/_version.py"
    assert importlib.metadata.version("cloudglue-client") == cloudglue_client.__version__


def test_every_request_says_who_it_is(flavor: Flavor, api: FakeAPI) -> None:
    api.script = [respond(503, {"error": "busy"})]  # a retried request carries it too
    flavor.call(lambda cg: cg.frames.get(JOB_ID))
    agents = [r.headers["user-agent"] for r in api.requests]
    assert agents == [BASE, BASE]


def test_users_append_their_product_token(flavor: Flavor, api: FakeAPI) -> None:
    flavor.call(lambda cg: cg.frames.get(JOB_ID), user_agent="billing-svc/2.3 (team video)")
    assert api.requests[0].headers["user-agent"] == f"{BASE} billing-svc/2.3 (team video)"


def test_with_options_keeps_or_replaces_the_token(api: FakeAPI) -> None:
    cg = Flavor("sync", api).client(user_agent="svc/1")
    assert cg.user_agent == f"{BASE} svc/1"
    assert cg.with_options(max_retries=0).user_agent == f"{BASE} svc/1"
    assert cg.with_options(user_agent="svc/2").user_agent == f"{BASE} svc/2"
    assert cg.with_options(user_agent=None).user_agent == BASE
    cg.with_options(user_agent="svc/2").frames.get(JOB_ID)
    assert api.requests[0].headers["user-agent"] == f"{BASE} svc/2"


def test_a_users_own_http_client_headers_do_not_hide_ours(api: FakeAPI) -> None:
    http = httpx.Client(transport=api.transport(), headers={"User-Agent": "custom/0"})
    cloudglue_client.Cloudglue(
        api_key="k", base_url="https://x.test/v1", http_client=http
    ).frames.get(JOB_ID)
    assert api.requests[0].headers["user-agent"] == BASE


@pytest.mark.parametrize("bad", ["", "  ", "svc/1\r\nX-Injected: 1", "caf\u00e9/1", "x" * 201])
def test_bad_product_tokens_are_rejected_before_sending(bad: str, api: FakeAPI) -> None:
    with pytest.raises(ValueError, match=r"user_agent: expected 1\.\.200 printable ASCII"):
        Flavor("sync", api).client(user_agent=bad)
    assert api.requests == []


def test_a_product_token_must_be_text(api: FakeAPI) -> None:
    with pytest.raises(TypeError, match="user_agent: expected a str"):
        Flavor("sync", api).client(user_agent=b"svc/1")


def test_cli_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"cloudglue-client {cloudglue_client.__version__} (python {PYTHON}.")
    assert f"httpx {httpx.__version__}" in out


def test_thumbnail_downloads_say_who_they_are_too(
    flavor: Flavor, api: FakeAPI, tmp_path: Path
) -> None:
    from .test_download import Images

    images = Images(api, total=4)  # on another origin than the API
    result = flavor.call(
        lambda cg: cg.with_options(user_agent="svc/1").frames.download(JOB_ID, tmp_path)
    )
    assert result.downloaded == 4
    assert {h["user-agent"] for h in images.image_headers} == {f"{BASE} svc/1"}
    assert all("authorization" not in h for h in images.image_headers)  # another origin
