"""`restart()` keeps its port when it can and says so when it cannot: a port left in TIME_WAIT
is reused, one another process took is replaced by a free one, with the new URL."""

from __future__ import annotations

import socket
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cloudglue_emulator import testing
from cloudglue_emulator.media import SampleTruth
from cloudglue_emulator.testing import RunningEmulator, running

pytestmark = pytest.mark.slow  # each test starts emulator subprocesses


@pytest.fixture
def emu(tmp_path: Path) -> Iterator[RunningEmulator]:
    with running(data_dir=tmp_path / "data") as started:
        yield started


def upload(emu: RunningEmulator, sample: SampleTruth) -> str:
    """Upload the sample; its file id."""
    with (
        httpx.Client(base_url=emu.base_url, headers=emu.headers, timeout=10.0) as client,
        sample.path.open("rb") as handle,
    ):
        r = client.post("/files", files={"file": ("s.mp4", handle, "video/mp4")})
    assert r.status_code == 200, r.text
    file_id: str = r.json()["id"]
    return file_id


def remembers(emu: RunningEmulator, file_id: str) -> None:
    """The restarted server answers at `emu.base_url`, with the file of before."""
    with httpx.Client(base_url=emu.base_url, headers=emu.headers, timeout=10.0) as client:
        assert client.get(f"/files/{file_id}").status_code == 200


def test_a_port_in_time_wait_is_kept(emu: RunningEmulator, sample: SampleTruth) -> None:
    file_id = upload(emu, sample)
    old_url = emu.base_url
    with httpx.Client(headers=emu.headers, timeout=10.0) as client:
        assert client.get(f"{old_url}/files").status_code == 200  # a kept-alive connection
        emu.stop()  # the server closes it first: its end lingers in TIME_WAIT on the port
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert emu.restart() == old_url
    remembers(emu, file_id)


def test_a_port_taken_meanwhile_is_replaced_and_the_new_url_given(
    emu: RunningEmulator, sample: SampleTruth
) -> None:
    file_id = upload(emu, sample)
    view = emu.isolated()
    old_port = emu.port
    emu.kill()
    with socket.create_server(("127.0.0.1", old_port)) as other:  # another process's server
        with pytest.warns(RuntimeWarning, match=f"port {old_port} was taken"):
            new_url = emu.restart()
        assert emu.port != old_port and new_url == emu.base_url == f"{emu.origin}/v1"
        assert view.base_url == new_url  # every view of the server follows it
        assert other.getsockname()[1] == old_port  # untouched
    remembers(emu, file_id)


def test_a_port_taken_between_the_check_and_the_start_is_replaced(
    emu: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_port = emu.port
    emu.stop()
    checks: list[int] = []
    real = testing._can_listen

    def racing(port: int) -> bool:  # the first check sees the port free, then it is taken
        checks.append(port)
        return True if len(checks) == 1 else real(port)

    monkeypatch.setattr(testing, "_can_listen", racing)
    with (
        socket.create_server(("127.0.0.1", old_port)),
        pytest.warns(RuntimeWarning, match=f"port {old_port} was taken"),
    ):
        emu.restart()
    assert checks == [old_port, old_port] and emu.port != old_port
    assert "cannot listen on 127.0.0.1" in emu.log_text()  # the first start did try it
    assert httpx.get(f"{emu.origin}/healthz", timeout=10.0).status_code == 200
