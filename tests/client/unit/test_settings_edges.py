"""Settings that are malformed in ways httpx only notices late: the error names the setting
(`base_url`, or the environment variable it came from), as every other malformed setting's."""

from __future__ import annotations

import pytest

from cloudglue_client import Cloudglue

from .conftest import API_KEY

#: A host whose label claims to be punycode (`xn--`) but does not decode: httpx parses the URL,
#: then raises idna's "Invalid A-label" when the host is read.
BAD_IDNA = "http://xn--zz/v1"


def test_a_host_that_is_not_valid_idna_names_base_url() -> None:
    with pytest.raises(ValueError, match=r"^base_url: .*'http://xn--zz/v1' has a host name"):
        Cloudglue(api_key=API_KEY, base_url=BAD_IDNA)


def test_a_host_that_is_not_valid_idna_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLOUDGLUE_BASE_URL", BAD_IDNA)
    with pytest.raises(ValueError, match=r"^CLOUDGLUE_BASE_URL: .* has a host name"):
        Cloudglue(api_key=API_KEY)
