from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.segmentation_strategy import SegmentationStrategy
from ..types import (
    UNSET,
    Unset,
    _new_object,
    read_float,
)

if TYPE_CHECKING:
    from ..models.keyframe_config import KeyframeConfig
    from ..models.manual_config import ManualConfig
    from ..models.narrative_config import NarrativeConfig
    from ..models.shot_detector_config import ShotDetectorConfig
    from ..models.thumbnails_config import ThumbnailsConfig
    from ..models.uniform_config import UniformConfig

_lazy_imported = False


def _import_lazily() -> None:
    """Import the models this one refers to (on first use: they may import this module)."""
    global \
        _lazy_imported, \
        KeyframeConfig, \
        ManualConfig, \
        NarrativeConfig, \
        ShotDetectorConfig, \
        ThumbnailsConfig, \
        UniformConfig
    from ..models.keyframe_config import KeyframeConfig
    from ..models.manual_config import ManualConfig
    from ..models.narrative_config import NarrativeConfig
    from ..models.shot_detector_config import ShotDetectorConfig
    from ..models.thumbnails_config import ThumbnailsConfig
    from ..models.uniform_config import UniformConfig

    _lazy_imported = True


T = TypeVar("T", bound="NewSegmentation")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS: frozenset[str] = frozenset(
    {
        "strategy",
        "uniform_config",
        "shot_detector_config",
        "manual_config",
        "narrative_config",
        "keyframe_config",
        "start_time_seconds",
        "end_time_seconds",
        "thumbnails_config",
    }
)


@_attrs_define
class NewSegmentation:
    """Body of the create call; send only the block that matches `strategy`.

    Attributes:
        strategy (SegmentationStrategy): How the file is cut.
        uniform_config (UniformConfig | Unset): Fixed windows; windows overlap when `hop_seconds` < `window_seconds`.
        shot_detector_config (ShotDetectorConfig | Unset): Cut at detected shot boundaries.
        manual_config (ManualConfig | Unset): Cut exactly at the given ranges. Each lies inside the part of the file
            being cut
            (`start_time_seconds` to `end_time_seconds`, else the whole file), or the create
            call is a 400 naming the range.
        narrative_config (NarrativeConfig | Unset): Chapters found by a model; the server checks min <= target <= max.
        keyframe_config (KeyframeConfig | Unset): Keyframes sampled inside each segment.
        start_time_seconds (float | Unset):
        end_time_seconds (float | Unset):
        thumbnails_config (ThumbnailsConfig | Unset): Thumbnail options of a segmentation.
    """

    strategy: SegmentationStrategy
    uniform_config: UniformConfig | Unset = UNSET
    shot_detector_config: ShotDetectorConfig | Unset = UNSET
    manual_config: ManualConfig | Unset = UNSET
    narrative_config: NarrativeConfig | Unset = UNSET
    keyframe_config: KeyframeConfig | Unset = UNSET
    start_time_seconds: float | Unset = UNSET
    end_time_seconds: float | Unset = UNSET
    thumbnails_config: ThumbnailsConfig | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _lazy_imported:
            _import_lazily()
        strategy = self.strategy.value

        uniform_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.uniform_config, Unset):
            uniform_config = self.uniform_config.to_dict()

        shot_detector_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.shot_detector_config, Unset):
            shot_detector_config = self.shot_detector_config.to_dict()

        manual_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.manual_config, Unset):
            manual_config = self.manual_config.to_dict()

        narrative_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.narrative_config, Unset):
            narrative_config = self.narrative_config.to_dict()

        keyframe_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.keyframe_config, Unset):
            keyframe_config = self.keyframe_config.to_dict()

        start_time_seconds = self.start_time_seconds

        end_time_seconds = self.end_time_seconds

        thumbnails_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.thumbnails_config, Unset):
            thumbnails_config = self.thumbnails_config.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "strategy": strategy,
            }
        )
        if uniform_config is not UNSET:
            field_dict["uniform_config"] = uniform_config
        if shot_detector_config is not UNSET:
            field_dict["shot_detector_config"] = shot_detector_config
        if manual_config is not UNSET:
            field_dict["manual_config"] = manual_config
        if narrative_config is not UNSET:
            field_dict["narrative_config"] = narrative_config
        if keyframe_config is not UNSET:
            field_dict["keyframe_config"] = keyframe_config
        if start_time_seconds is not UNSET:
            field_dict["start_time_seconds"] = start_time_seconds
        if end_time_seconds is not UNSET:
            field_dict["end_time_seconds"] = end_time_seconds
        if thumbnails_config is not UNSET:
            field_dict["thumbnails_config"] = thumbnails_config

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        return cls._from_dicts((src_dict,))[0]

    @classmethod
    def _from_dicts(cls, src_dicts: Iterable[Mapping[str, Any]]) -> list[Self]:
        """`[cls.from_dict(d) for d in src_dicts]`, in one loop."""
        if not _lazy_imported:
            _import_lazily()
        _parsed: list[Self] = []
        _append = _parsed.append
        for d in src_dicts:
            _present = 1
            strategy = d["strategy"]
            _member = SegmentationStrategy._value2member_map_.get(strategy) if type(strategy) is str else None
            if _member is None:
                strategy = SegmentationStrategy(strategy)
            else:
                strategy = _member

            _uniform_config = d.get("uniform_config", UNSET)
            uniform_config: UniformConfig | Unset
            if isinstance(_uniform_config, Unset):
                uniform_config = UNSET
            else:
                uniform_config = UniformConfig.from_dict(_uniform_config)

            if "uniform_config" in d:
                _present += 1

            _shot_detector_config = d.get("shot_detector_config", UNSET)
            shot_detector_config: ShotDetectorConfig | Unset
            if isinstance(_shot_detector_config, Unset):
                shot_detector_config = UNSET
            else:
                shot_detector_config = ShotDetectorConfig.from_dict(_shot_detector_config)

            if "shot_detector_config" in d:
                _present += 1

            _manual_config = d.get("manual_config", UNSET)
            manual_config: ManualConfig | Unset
            if isinstance(_manual_config, Unset):
                manual_config = UNSET
            else:
                manual_config = ManualConfig.from_dict(_manual_config)

            if "manual_config" in d:
                _present += 1

            _narrative_config = d.get("narrative_config", UNSET)
            narrative_config: NarrativeConfig | Unset
            if isinstance(_narrative_config, Unset):
                narrative_config = UNSET
            else:
                narrative_config = NarrativeConfig.from_dict(_narrative_config)

            if "narrative_config" in d:
                _present += 1

            _keyframe_config = d.get("keyframe_config", UNSET)
            keyframe_config: KeyframeConfig | Unset
            if isinstance(_keyframe_config, Unset):
                keyframe_config = UNSET
            else:
                keyframe_config = KeyframeConfig.from_dict(_keyframe_config)

            if "keyframe_config" in d:
                _present += 1

            start_time_seconds = d.get("start_time_seconds", UNSET)
            if start_time_seconds is not UNSET:
                _present += 1
                if type(start_time_seconds) is not float:
                    start_time_seconds = (
                        UNSET
                        if isinstance(start_time_seconds, Unset)
                        else read_float(start_time_seconds, "start_time_seconds")
                    )

            end_time_seconds = d.get("end_time_seconds", UNSET)
            if end_time_seconds is not UNSET:
                _present += 1
                if type(end_time_seconds) is not float:
                    end_time_seconds = (
                        UNSET
                        if isinstance(end_time_seconds, Unset)
                        else read_float(end_time_seconds, "end_time_seconds")
                    )

            _thumbnails_config = d.get("thumbnails_config", UNSET)
            thumbnails_config: ThumbnailsConfig | Unset
            if isinstance(_thumbnails_config, Unset):
                thumbnails_config = UNSET
            else:
                thumbnails_config = ThumbnailsConfig.from_dict(_thumbnails_config)

            if "thumbnails_config" in d:
                _present += 1

            # What attrs' __init__ does for these classes (no validators, converters or hooks),
            # minus the call: slots assigned on a bare instance (named so that no field can shadow it).
            _instance = _new_object(cls)
            _instance.strategy = strategy
            _instance.uniform_config = uniform_config
            _instance.shot_detector_config = shot_detector_config
            _instance.manual_config = manual_config
            _instance.narrative_config = narrative_config
            _instance.keyframe_config = keyframe_config
            _instance.start_time_seconds = start_time_seconds
            _instance.end_time_seconds = end_time_seconds
            _instance.thumbnails_config = thumbnails_config
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
