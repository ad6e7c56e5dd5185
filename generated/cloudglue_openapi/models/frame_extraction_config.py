from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.frame_extraction_strategy import FrameExtractionStrategy
from ..types import (
    UNSET,
    Unset,
    _new_object,
    read_float,
)

if TYPE_CHECKING:
    from ..models.frame_extraction_thumbnails_config import FrameExtractionThumbnailsConfig
    from ..models.frame_extraction_uniform_config import FrameExtractionUniformConfig

_lazy_imported = False


def _import_lazily() -> None:
    """Import the models this one refers to (on first use: they may import this module)."""
    global _lazy_imported, FrameExtractionThumbnailsConfig, FrameExtractionUniformConfig
    from ..models.frame_extraction_thumbnails_config import FrameExtractionThumbnailsConfig
    from ..models.frame_extraction_uniform_config import FrameExtractionUniformConfig

    _lazy_imported = True


T = TypeVar("T", bound="FrameExtractionConfig")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS: frozenset[str] = frozenset(
    {
        "strategy",
        "uniform_config",
        "thumbnails_config",
        "start_time_seconds",
        "end_time_seconds",
    }
)


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
        if not _lazy_imported:
            _import_lazily()
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
            _member = FrameExtractionStrategy._value2member_map_.get(strategy) if type(strategy) is str else None
            if _member is None:
                strategy = FrameExtractionStrategy(strategy)
            else:
                strategy = _member

            _uniform_config = d.get("uniform_config", UNSET)
            uniform_config: FrameExtractionUniformConfig | Unset
            if isinstance(_uniform_config, Unset):
                uniform_config = UNSET
            else:
                uniform_config = FrameExtractionUniformConfig.from_dict(_uniform_config)

            if "uniform_config" in d:
                _present += 1

            _thumbnails_config = d.get("thumbnails_config", UNSET)
            thumbnails_config: FrameExtractionThumbnailsConfig | Unset
            if isinstance(_thumbnails_config, Unset):
                thumbnails_config = UNSET
            else:
                thumbnails_config = FrameExtractionThumbnailsConfig.from_dict(_thumbnails_config)

            if "thumbnails_config" in d:
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

            # What attrs' __init__ does for these classes (no validators, converters or hooks),
            # minus the call: slots assigned on a bare instance (named so that no field can shadow it).
            _instance = _new_object(cls)
            _instance.strategy = strategy
            _instance.uniform_config = uniform_config
            _instance.thumbnails_config = thumbnails_config
            _instance.start_time_seconds = start_time_seconds
            _instance.end_time_seconds = end_time_seconds
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
