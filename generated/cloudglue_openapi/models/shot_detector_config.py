from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.shot_detector import ShotDetector
from ..types import (
    UNSET,
    Unset,
    _new_object,
    read_bool,
    read_float,
)

T = TypeVar("T", bound="ShotDetectorConfig")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS: frozenset[str] = frozenset(
    {
        "detector",
        "threshold",
        "min_seconds",
        "max_seconds",
        "fill_gaps",
    }
)


@_attrs_define
class ShotDetectorConfig:
    """Cut at detected shot boundaries.

    Attributes:
        detector (ShotDetector): Shot detection algorithm.
        threshold (float | None | Unset): Content detector sensitivity (lower cuts more; historical default 27). The
            provider's reference states no bound; this contract bounds it to 0..255, the range
            of the content detector's score (mean change of hue, saturation and value per
            pixel), so the client and the emulator reject the same values.
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
        return cls._from_dicts((src_dict,))[0]

    @classmethod
    def _from_dicts(cls, src_dicts: Iterable[Mapping[str, Any]]) -> list[Self]:
        """`[cls.from_dict(d) for d in src_dicts]`, in one loop."""
        _parsed: list[Self] = []
        _append = _parsed.append
        for d in src_dicts:
            _present = 1
            detector = d["detector"]
            _member = ShotDetector._value2member_map_.get(detector) if type(detector) is str else None
            if _member is None:
                detector = ShotDetector(detector)
            else:
                detector = _member

            def _parse_threshold(data: object) -> float | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                try:
                    if not (isinstance(data, int | float) and not isinstance(data, bool)):
                        raise TypeError()
                    threshold_type_0 = data if type(data) is float else read_float(data, "threshold_type_0")

                    return threshold_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not data is None:
                    raise TypeError()
                threshold_type_1 = data

                return threshold_type_1

            threshold = _parse_threshold(d.get("threshold", UNSET))

            if "threshold" in d:
                _present += 1

            def _parse_min_seconds(data: object) -> float | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                try:
                    if not (isinstance(data, int | float) and not isinstance(data, bool)):
                        raise TypeError()
                    min_seconds_type_0 = data if type(data) is float else read_float(data, "min_seconds_type_0")

                    return min_seconds_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not data is None:
                    raise TypeError()
                min_seconds_type_1 = data

                return min_seconds_type_1

            min_seconds = _parse_min_seconds(d.get("min_seconds", UNSET))

            if "min_seconds" in d:
                _present += 1

            def _parse_max_seconds(data: object) -> float | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                try:
                    if not (isinstance(data, int | float) and not isinstance(data, bool)):
                        raise TypeError()
                    max_seconds_type_0 = data if type(data) is float else read_float(data, "max_seconds_type_0")

                    return max_seconds_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not data is None:
                    raise TypeError()
                max_seconds_type_1 = data

                return max_seconds_type_1

            max_seconds = _parse_max_seconds(d.get("max_seconds", UNSET))

            if "max_seconds" in d:
                _present += 1

            fill_gaps = d.get("fill_gaps", UNSET)
            if fill_gaps is not UNSET:
                _present += 1
                if type(fill_gaps) is not bool:
                    fill_gaps = UNSET if isinstance(fill_gaps, Unset) else read_bool(fill_gaps, "fill_gaps")

            # What attrs' __init__ does for these classes (no validators, converters or hooks),
            # minus the call: slots assigned on a bare instance (named so that no field can shadow it).
            _instance = _new_object(cls)
            _instance.detector = detector
            _instance.threshold = threshold
            _instance.min_seconds = min_seconds
            _instance.max_seconds = max_seconds
            _instance.fill_gaps = fill_gaps
            # Every key is a declared field unless there are more keys than declared fields found.
            additional_properties = {}
            if len(d) != _present:
                for prop_name, prop_dict in d.items():
                    if prop_name in _FIELDS:
                        continue
                    additional = prop_dict

                    additional_properties[prop_name] = additional
            _instance.additional_properties = additional_properties
            _append(_instance)
        return _parsed

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
