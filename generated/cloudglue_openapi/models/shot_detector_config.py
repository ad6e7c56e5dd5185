from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.shot_detector import ShotDetector
from ..types import UNSET, Unset, read_bool, read_float, read_object

T = TypeVar("T", bound="ShotDetectorConfig")


@_attrs_define
class ShotDetectorConfig:
    """Cut at detected shot boundaries.

    Attributes:
        detector (ShotDetector): Shot detection algorithm.
        threshold (float | None | Unset): Content detector sensitivity (lower cuts more; the default is the content
            detector's, the adaptive detector ignores it). The provider's reference states no
            bound; this contract bounds it to 0..255, the range of the content detector's score
            (mean change of hue, saturation and value per pixel), so the client and the
            emulator reject the same values.
        min_seconds (float | None | Unset): Shortest segment in seconds.
        max_seconds (float | None | Unset): Longest segment in seconds; longer shots are split.
        fill_gaps (bool | Unset): Gaps of at least `min_seconds` become segments of their own (split by `max_seconds`);
            shorter gaps merge into a neighbour.
    """

    detector: ShotDetector
    threshold: float | None | Unset = UNSET
    min_seconds: float | None | Unset = UNSET
    max_seconds: float | None | Unset = UNSET
    fill_gaps: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        detector = self.detector.value

        threshold: float | None | Unset
        if isinstance(self.threshold, Unset):
            threshold = UNSET
        else:
            threshold = self.threshold

        min_seconds: float | None | Unset
        if isinstance(self.min_seconds, Unset):
            min_seconds = UNSET
        else:
            min_seconds = self.min_seconds

        max_seconds: float | None | Unset
        if isinstance(self.max_seconds, Unset):
            max_seconds = UNSET
        else:
            max_seconds = self.max_seconds

        fill_gaps = self.fill_gaps

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "detector": detector,
            }
        )
        if threshold is not UNSET:
            field_dict["threshold"] = threshold
        if min_seconds is not UNSET:
            field_dict["min_seconds"] = min_seconds
        if max_seconds is not UNSET:
            field_dict["max_seconds"] = max_seconds
        if fill_gaps is not UNSET:
            field_dict["fill_gaps"] = fill_gaps

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = read_object(src_dict, "ShotDetectorConfig")
        detector = ShotDetector(d.pop("detector"))

        def _parse_threshold(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, int | float) and not isinstance(data, bool)):
                    raise TypeError()
                threshold_type_0 = read_float(data, "threshold_type_0")

                return threshold_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not data is None:
                raise TypeError()
            threshold_type_1 = data

            return threshold_type_1

        threshold = _parse_threshold(d.pop("threshold", UNSET))

        def _parse_min_seconds(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, int | float) and not isinstance(data, bool)):
                    raise TypeError()
                min_seconds_type_0 = read_float(data, "min_seconds_type_0")

                return min_seconds_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not data is None:
                raise TypeError()
            min_seconds_type_1 = data

            return min_seconds_type_1

        min_seconds = _parse_min_seconds(d.pop("min_seconds", UNSET))

        def _parse_max_seconds(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, int | float) and not isinstance(data, bool)):
                    raise TypeError()
                max_seconds_type_0 = read_float(data, "max_seconds_type_0")

                return max_seconds_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not data is None:
                raise TypeError()
            max_seconds_type_1 = data

            return max_seconds_type_1

        max_seconds = _parse_max_seconds(d.pop("max_seconds", UNSET))

        _fill_gaps = d.pop("fill_gaps", UNSET)
        fill_gaps: bool | Unset
        if isinstance(_fill_gaps, Unset):
            fill_gaps = UNSET
        else:
            fill_gaps = read_bool(_fill_gaps, "fill_gaps")

        _instance = object.__new__(cls)
        _instance.detector = detector
        _instance.threshold = threshold
        _instance.min_seconds = min_seconds
        _instance.max_seconds = max_seconds
        _instance.fill_gaps = fill_gaps
        shot_detector_config = _instance

        shot_detector_config.additional_properties = d
        return shot_detector_config

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
