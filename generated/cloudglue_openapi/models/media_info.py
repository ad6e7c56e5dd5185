from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, read_bool, read_float, read_int, read_object, read_str

T = TypeVar("T", bound="MediaInfo")


@_attrs_define
class MediaInfo:
    """Probed properties of the media; any of them may be unknown.

    Attributes:
        duration_seconds (float | None | Unset):
        width (int | None | Unset):
        height (int | None | Unset):
        sample_rate (int | None | Unset):
        channels (int | None | Unset):
        bitrate (int | None | Unset):
        format_ (None | str | Unset):
        has_audio (bool | None | Unset):
    """

    duration_seconds: float | None | Unset = UNSET
    width: int | None | Unset = UNSET
    height: int | None | Unset = UNSET
    sample_rate: int | None | Unset = UNSET
    channels: int | None | Unset = UNSET
    bitrate: int | None | Unset = UNSET
    format_: None | str | Unset = UNSET
    has_audio: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        duration_seconds: float | None | Unset
        if isinstance(self.duration_seconds, Unset):
            duration_seconds = UNSET
        else:
            duration_seconds = self.duration_seconds

        width: int | None | Unset
        if isinstance(self.width, Unset):
            width = UNSET
        else:
            width = self.width

        height: int | None | Unset
        if isinstance(self.height, Unset):
            height = UNSET
        else:
            height = self.height

        sample_rate: int | None | Unset
        if isinstance(self.sample_rate, Unset):
            sample_rate = UNSET
        else:
            sample_rate = self.sample_rate

        channels: int | None | Unset
        if isinstance(self.channels, Unset):
            channels = UNSET
        else:
            channels = self.channels

        bitrate: int | None | Unset
        if isinstance(self.bitrate, Unset):
            bitrate = UNSET
        else:
            bitrate = self.bitrate

        format_: None | str | Unset
        if isinstance(self.format_, Unset):
            format_ = UNSET
        else:
            format_ = self.format_

        has_audio: bool | None | Unset
        if isinstance(self.has_audio, Unset):
            has_audio = UNSET
        else:
            has_audio = self.has_audio

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if duration_seconds is not UNSET:
            field_dict["duration_seconds"] = duration_seconds
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if sample_rate is not UNSET:
            field_dict["sample_rate"] = sample_rate
        if channels is not UNSET:
            field_dict["channels"] = channels
        if bitrate is not UNSET:
            field_dict["bitrate"] = bitrate
        if format_ is not UNSET:
            field_dict["format"] = format_
        if has_audio is not UNSET:
            field_dict["has_audio"] = has_audio

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = read_object(src_dict, "MediaInfo")

        def _parse_duration_seconds(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, int | float) and not isinstance(data, bool)):
                    raise TypeError()
                duration_seconds_type_0 = read_float(data, "duration_seconds_type_0")

                return duration_seconds_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not data is None:
                raise TypeError()
            duration_seconds_type_1 = data

            return duration_seconds_type_1

        duration_seconds = _parse_duration_seconds(d.pop("duration_seconds", UNSET))

        def _parse_width(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, int) and not isinstance(data, bool)):
                    raise TypeError()
                width_type_0 = read_int(data, "width_type_0")

                return width_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not data is None:
                raise TypeError()
            width_type_1 = data

            return width_type_1

        width = _parse_width(d.pop("width", UNSET))

        def _parse_height(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, int) and not isinstance(data, bool)):
                    raise TypeError()
                height_type_0 = read_int(data, "height_type_0")

                return height_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not data is None:
                raise TypeError()
            height_type_1 = data

            return height_type_1

        height = _parse_height(d.pop("height", UNSET))

        def _parse_sample_rate(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, int) and not isinstance(data, bool)):
                    raise TypeError()
                sample_rate_type_0 = read_int(data, "sample_rate_type_0")

                return sample_rate_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not data is None:
                raise TypeError()
            sample_rate_type_1 = data

            return sample_rate_type_1

        sample_rate = _parse_sample_rate(d.pop("sample_rate", UNSET))

        def _parse_channels(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, int) and not isinstance(data, bool)):
                    raise TypeError()
                channels_type_0 = read_int(data, "channels_type_0")

                return channels_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not data is None:
                raise TypeError()
            channels_type_1 = data

            return channels_type_1

        channels = _parse_channels(d.pop("channels", UNSET))

        def _parse_bitrate(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, int) and not isinstance(data, bool)):
                    raise TypeError()
                bitrate_type_0 = read_int(data, "bitrate_type_0")

                return bitrate_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not data is None:
                raise TypeError()
            bitrate_type_1 = data

            return bitrate_type_1

        bitrate = _parse_bitrate(d.pop("bitrate", UNSET))

        def _parse_format_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                format_type_0 = read_str(data, "format_type_0")

                return format_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not data is None:
                raise TypeError()
            format_type_1 = data

            return format_type_1

        format_ = _parse_format_(d.pop("format", UNSET))

        def _parse_has_audio(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, bool):
                    raise TypeError()
                has_audio_type_0 = read_bool(data, "has_audio_type_0")

                return has_audio_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not data is None:
                raise TypeError()
            has_audio_type_1 = data

            return has_audio_type_1

        has_audio = _parse_has_audio(d.pop("has_audio", UNSET))

        _instance = object.__new__(cls)
        _instance.duration_seconds = duration_seconds
        _instance.width = width
        _instance.height = height
        _instance.sample_rate = sample_rate
        _instance.channels = channels
        _instance.bitrate = bitrate
        _instance.format_ = format_
        _instance.has_audio = has_audio
        media_info = _instance

        media_info.additional_properties = d
        return media_info

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
