from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.frame_extraction_strategy import FrameExtractionStrategy
from ..types import UNSET, Unset, read_float, read_object

if TYPE_CHECKING:
    from ..models.frame_extraction_thumbnails_config import FrameExtractionThumbnailsConfig
    from ..models.frame_extraction_uniform_config import FrameExtractionUniformConfig


T = TypeVar("T", bound="FrameExtractionConfig")


@_attrs_define
class FrameExtractionConfig:
    """Configuration of a frame extraction; the body of the create call and its echo on the job.

    Attributes:
        strategy (FrameExtractionStrategy): How frames are sampled.
        uniform_config (FrameExtractionUniformConfig | Unset): Uniform sampling. The aspect ratio is kept.
        thumbnails_config (FrameExtractionThumbnailsConfig | Unset): Thumbnail options of a frame extraction.
        start_time_seconds (float | Unset): Start of the sampled range in seconds.
        end_time_seconds (float | Unset): End of the sampled range in seconds.
    """

    strategy: FrameExtractionStrategy
    uniform_config: FrameExtractionUniformConfig | Unset = UNSET
    thumbnails_config: FrameExtractionThumbnailsConfig | Unset = UNSET
    start_time_seconds: float | Unset = UNSET
    end_time_seconds: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        strategy = self.strategy.value

        uniform_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.uniform_config, Unset):
            uniform_config = self.uniform_config.to_dict()

        thumbnails_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.thumbnails_config, Unset):
            thumbnails_config = self.thumbnails_config.to_dict()

        start_time_seconds = self.start_time_seconds

        end_time_seconds = self.end_time_seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "strategy": strategy,
            }
        )
        if uniform_config is not UNSET:
            field_dict["uniform_config"] = uniform_config
        if thumbnails_config is not UNSET:
            field_dict["thumbnails_config"] = thumbnails_config
        if start_time_seconds is not UNSET:
            field_dict["start_time_seconds"] = start_time_seconds
        if end_time_seconds is not UNSET:
            field_dict["end_time_seconds"] = end_time_seconds

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.frame_extraction_thumbnails_config import FrameExtractionThumbnailsConfig
        from ..models.frame_extraction_uniform_config import FrameExtractionUniformConfig

        d = read_object(src_dict, "FrameExtractionConfig")
        strategy = FrameExtractionStrategy(d.pop("strategy"))

        _uniform_config = d.pop("uniform_config", UNSET)
        uniform_config: FrameExtractionUniformConfig | Unset
        if isinstance(_uniform_config, Unset):
            uniform_config = UNSET
        else:
            uniform_config = FrameExtractionUniformConfig.from_dict(_uniform_config)

        _thumbnails_config = d.pop("thumbnails_config", UNSET)
        thumbnails_config: FrameExtractionThumbnailsConfig | Unset
        if isinstance(_thumbnails_config, Unset):
            thumbnails_config = UNSET
        else:
            thumbnails_config = FrameExtractionThumbnailsConfig.from_dict(_thumbnails_config)

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

        _instance = object.__new__(cls)
        _instance.strategy = strategy
        _instance.uniform_config = uniform_config
        _instance.thumbnails_config = thumbnails_config
        _instance.start_time_seconds = start_time_seconds
        _instance.end_time_seconds = end_time_seconds
        frame_extraction_config = _instance

        frame_extraction_config.additional_properties = d
        return frame_extraction_config

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
