from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.segmentation_strategy import SegmentationStrategy
from ..types import UNSET, Unset, read_float, read_object

if TYPE_CHECKING:
    from ..models.keyframe_config import KeyframeConfig
    from ..models.manual_config import ManualConfig
    from ..models.narrative_config import NarrativeConfig
    from ..models.shot_detector_config import ShotDetectorConfig
    from ..models.thumbnails_config import ThumbnailsConfig
    from ..models.uniform_config import UniformConfig


T = TypeVar("T", bound="NewSegmentation")


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
        from ..models.keyframe_config import KeyframeConfig
        from ..models.manual_config import ManualConfig
        from ..models.narrative_config import NarrativeConfig
        from ..models.shot_detector_config import ShotDetectorConfig
        from ..models.thumbnails_config import ThumbnailsConfig
        from ..models.uniform_config import UniformConfig

        d = read_object(src_dict, "NewSegmentation")
        strategy = SegmentationStrategy(d.pop("strategy"))

        _uniform_config = d.pop("uniform_config", UNSET)
        uniform_config: UniformConfig | Unset
        if isinstance(_uniform_config, Unset):
            uniform_config = UNSET
        else:
            uniform_config = UniformConfig.from_dict(_uniform_config)

        _shot_detector_config = d.pop("shot_detector_config", UNSET)
        shot_detector_config: ShotDetectorConfig | Unset
        if isinstance(_shot_detector_config, Unset):
            shot_detector_config = UNSET
        else:
            shot_detector_config = ShotDetectorConfig.from_dict(_shot_detector_config)

        _manual_config = d.pop("manual_config", UNSET)
        manual_config: ManualConfig | Unset
        if isinstance(_manual_config, Unset):
            manual_config = UNSET
        else:
            manual_config = ManualConfig.from_dict(_manual_config)

        _narrative_config = d.pop("narrative_config", UNSET)
        narrative_config: NarrativeConfig | Unset
        if isinstance(_narrative_config, Unset):
            narrative_config = UNSET
        else:
            narrative_config = NarrativeConfig.from_dict(_narrative_config)

        _keyframe_config = d.pop("keyframe_config", UNSET)
        keyframe_config: KeyframeConfig | Unset
        if isinstance(_keyframe_config, Unset):
            keyframe_config = UNSET
        else:
            keyframe_config = KeyframeConfig.from_dict(_keyframe_config)

        _start_time_seconds = d.pop("start_time_seconds", UNSET)
        start_time_seconds: float | Unset
        if isinstance(_start_time_seconds, Unset):
            start_time_seconds = UNSET
        else:
            start_time_seconds = read_float(_start_time_seconds, "start_time_seconds")

        _end_time_seconds = d.pop("end_time_seconds", UNSET)
        end_time_seconds: float | Unset
        if isinstance(_end_time_seconds, Unset):
            end_time_seconds = UNSET
        else:
            end_time_seconds = read_float(_end_time_seconds, "end_time_seconds")

        _thumbnails_config = d.pop("thumbnails_config", UNSET)
        thumbnails_config: ThumbnailsConfig | Unset
        if isinstance(_thumbnails_config, Unset):
            thumbnails_config = UNSET
        else:
            thumbnails_config = ThumbnailsConfig.from_dict(_thumbnails_config)

        _instance = object.__new__(cls)
        _instance.strategy = strategy
        _instance.uniform_config = uniform_config
        _instance.shot_detector_config = shot_detector_config
        _instance.manual_config = manual_config
        _instance.narrative_config = narrative_config
        _instance.keyframe_config = keyframe_config
        _instance.start_time_seconds = start_time_seconds
        _instance.end_time_seconds = end_time_seconds
        _instance.thumbnails_config = thumbnails_config
        new_segmentation = _instance

        new_segmentation.additional_properties = d
        return new_segmentation

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
