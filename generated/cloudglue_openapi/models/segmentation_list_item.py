from __future__ import annotations

from binascii import unhexlify
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.segmentation_status import SegmentationStatus
from ..types import (
    _UNKNOWN_SAFETY,
    UNSET,
    Unset,
    _from_bytes,
    _new_object,
    _set_uuid_int,
    _set_uuid_is_safe,
    read_float,
    read_uuid,
)

if TYPE_CHECKING:
    from ..models.segmentation_config import SegmentationConfig
    from ..models.thumbnails_config import ThumbnailsConfig

_lazy_imported = False


def _import_lazily() -> None:
    """Import the models this one refers to (on first use: they may import this module)."""
    global _lazy_imported, SegmentationConfig, ThumbnailsConfig
    from ..models.segmentation_config import SegmentationConfig
    from ..models.thumbnails_config import ThumbnailsConfig

    _lazy_imported = True


T = TypeVar("T", bound="SegmentationListItem")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS: frozenset[str] = frozenset(
    {
        "segmentation_id",
        "status",
        "created_at",
        "file_id",
        "segmentation_config",
        "thumbnails_config",
        "total_segments",
    }
)


@_attrs_define
class SegmentationListItem:
    """A segmentation as listed, without segments.

    Attributes:
        segmentation_id (UUID):
        status (SegmentationStatus): Status of a segmentation job. `not_applicable` is terminal: no usable scenes were
            found
            (typically with `shot-detector`).
        created_at (float):
        file_id (UUID):
        segmentation_config (SegmentationConfig): Configuration of a segmentation as echoed on the job. Only the block
            that matches
            `strategy` is meaningful.
        thumbnails_config (ThumbnailsConfig): Thumbnail options of a segmentation.
        total_segments (float | Unset):
    """

    segmentation_id: UUID
    status: SegmentationStatus
    created_at: float
    file_id: UUID
    segmentation_config: SegmentationConfig
    thumbnails_config: ThumbnailsConfig
    total_segments: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _lazy_imported:
            _import_lazily()
        segmentation_id = str(self.segmentation_id)

        status = self.status.value

        created_at = self.created_at

        file_id = str(self.file_id)

        segmentation_config = self.segmentation_config.to_dict()

        thumbnails_config = self.thumbnails_config.to_dict()

        total_segments = self.total_segments

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "segmentation_id": segmentation_id,
                "status": status,
                "created_at": created_at,
                "file_id": file_id,
                "segmentation_config": segmentation_config,
                "thumbnails_config": thumbnails_config,
            }
        )
        if total_segments is not UNSET:
            field_dict["total_segments"] = total_segments

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
            _present = 6
            segmentation_id = d["segmentation_id"]
            if type(segmentation_id) is str and len(_digits := segmentation_id.replace("-", "")) == 32:
                try:
                    _number = _from_bytes(unhexlify(_digits), "big")
                except ValueError:
                    segmentation_id = read_uuid(segmentation_id, "segmentation_id")
                else:
                    segmentation_id = _new_object(UUID)
                    _set_uuid_int(segmentation_id, _number)
                    _set_uuid_is_safe(segmentation_id, _UNKNOWN_SAFETY)
            else:
                segmentation_id = read_uuid(segmentation_id, "segmentation_id")

            status = d["status"]
            _member = SegmentationStatus._value2member_map_.get(status) if type(status) is str else None
            if _member is None:
                status = SegmentationStatus(status)
            else:
                status = _member

            created_at = d["created_at"]
            if type(created_at) is not float:
                created_at = read_float(created_at, "created_at")

            file_id = d["file_id"]
            if type(file_id) is str and len(_digits := file_id.replace("-", "")) == 32:
                try:
                    _number = _from_bytes(unhexlify(_digits), "big")
                except ValueError:
                    file_id = read_uuid(file_id, "file_id")
                else:
                    file_id = _new_object(UUID)
                    _set_uuid_int(file_id, _number)
                    _set_uuid_is_safe(file_id, _UNKNOWN_SAFETY)
            else:
                file_id = read_uuid(file_id, "file_id")

            segmentation_config = SegmentationConfig.from_dict(d["segmentation_config"])

            thumbnails_config = ThumbnailsConfig.from_dict(d["thumbnails_config"])

            total_segments = d.get("total_segments", UNSET)
            if total_segments is not UNSET:
                _present += 1
                if type(total_segments) is not float:
                    total_segments = (
                        UNSET if isinstance(total_segments, Unset) else read_float(total_segments, "total_segments")
                    )

            # What attrs' __init__ does for these classes (no validators, converters or hooks),
            # minus the call: slots assigned on a bare instance (named so that no field can shadow it).
            _instance = _new_object(cls)
            _instance.segmentation_id = segmentation_id
            _instance.status = status
            _instance.created_at = created_at
            _instance.file_id = file_id
            _instance.segmentation_config = segmentation_config
            _instance.thumbnails_config = thumbnails_config
            _instance.total_segments = total_segments
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
