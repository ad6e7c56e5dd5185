from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.shot_detector import ShotDetector
from ..types import UNSET, Unset

T = TypeVar("T", bound="ShotDetectorConfig")


@_attrs_define
class ShotDetectorConfig:
    """Cut at detected shot boundaries.

    Attributes:
        detector (ShotDetector): Shot detection algorithm.
        threshold (float | None | Unset): Content detector sensitivity (lower cuts more; historical default 27).
        min_seconds (float | None | Unset): Shortest segment in seconds.
        max_seconds (float | None | Unset): Longest segment in seconds; longer shots are split.
        fill_gaps (bool | Unset): Gaps of at least `min_seconds` become segments of their own (split by `max_seconds`);
            shorter gaps merge into a neighbour. Historical default true.
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
        d = dict(src_dict)
        detector = ShotDetector(d.pop("detector"))

        def _parse_threshold(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        threshold = _parse_threshold(d.pop("threshold", UNSET))

        def _parse_min_seconds(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        min_seconds = _parse_min_seconds(d.pop("min_seconds", UNSET))

        def _parse_max_seconds(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        max_seconds = _parse_max_seconds(d.pop("max_seconds", UNSET))

        fill_gaps = d.pop("fill_gaps", UNSET)

        shot_detector_config = cls(
            detector=detector,
            threshold=threshold,
            min_seconds=min_seconds,
            max_seconds=max_seconds,
            fill_gaps=fill_gaps,
        )

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
