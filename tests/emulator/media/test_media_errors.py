"""Inputs that are not decodable videos fail with MediaError and a readable reason."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from cloudglue_emulator.media import (
    MediaError,
    SampleTruth,
    detect_shots,
    extract_frames,
    probe,
)


def write_wav(path: Path) -> Path:
    with av.open(str(path), mode="w") as output:
        stream = output.add_stream("pcm_s16le", rate=8000)
        frame = av.AudioFrame.from_ndarray(
            np.zeros((1, 8000), np.int16), format="s16", layout="mono"
        )
        frame.sample_rate = 8000
        output.mux(stream.encode(frame))
        output.mux(stream.encode(None))
    return path


@pytest.fixture
def bad_files(tmp_path: Path, sample: SampleTruth) -> dict[str, Path]:
    text = tmp_path / "notes.mp4"
    text.write_text("this is not a video\n" * 20)
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    data = sample.path.read_bytes()
    truncated = tmp_path / "truncated.mp4"
    truncated.write_bytes(data[: len(data) // 2])
    fast_start = tmp_path / "fast_start.mp4"
    with (
        av.open(str(sample.path)) as source,
        av.open(
            str(fast_start), mode="w", format="mp4", options={"movflags": "+faststart"}
        ) as copy,
    ):
        video = copy.add_stream_from_template(source.streams.video[0])
        for packet in source.demux(source.streams.video[0]):
            if packet.dts is not None:
                packet.stream = video
                copy.mux(packet)
    cut_short = tmp_path / "cut_short.mp4"
    cut_short.write_bytes(fast_start.read_bytes()[: fast_start.stat().st_size // 2])
    return {
        "text": text,
        "cut_short": cut_short,
        "empty": empty,
        "truncated": truncated,
        "audio": write_wav(tmp_path / "tone.wav"),
        "missing": tmp_path / "missing.mp4",
    }


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("text", "not a readable media file"),
        ("empty", "empty"),
        ("truncated", "not a readable media file"),
        ("cut_short", "truncated"),
        ("audio", "no video stream"),
        ("missing", "no such file"),
    ],
)
def test_probe_rejects(bad_files: dict[str, Path], kind: str, words: str) -> None:
    with pytest.raises(MediaError, match=words):
        probe(bad_files[kind])


@pytest.mark.parametrize("kind", ["text", "empty", "audio", "truncated", "cut_short"])
def test_extract_and_detect_reject(bad_files: dict[str, Path], kind: str) -> None:
    with pytest.raises(MediaError):
        list(extract_frames(bad_files[kind], [0.0], max_width=64))
    with pytest.raises(MediaError):
        detect_shots(bad_files[kind], detector="adaptive")
