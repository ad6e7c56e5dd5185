from __future__ import annotations

from binascii import unhexlify
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.frame_extraction_status import FrameExtractionStatus
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
    from ..models.frame_extraction_config import FrameExtractionConfig
    from ..models.frame_page import FramePage

_lazy_imported = False


def _import_lazily() -> None:
    """Import the models this one refers to (on first use: they may import this module)."""
    global _lazy_imported, FrameExtractionConfig, FramePage
    from ..models.frame_extraction_config import FrameExtractionConfig
    from ..models.frame_page import FramePage

    _lazy_imported = True


T = TypeVar("T", bound="FrameExtraction")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS: frozenset[str] = frozenset(
    {
        "frame_extraction_id",
        "status",
        "created_at",
        "file_id",
        "frame_extraction_config",
        "frame_count",
        "data",
    }
)


@_attrs_define
class FrameExtraction:
    """A frame extraction job, with one page of frames once completed.

    Attributes:
        frame_extraction_id (UUID):
        status (FrameExtractionStatus): Status of a frame extraction job (no `not_applicable`).
        created_at (float): Unix timestamp; seconds or milliseconds (unit not settled by the provider).
        file_id (UUID):
        frame_extraction_config (FrameExtractionConfig): Configuration of a frame extraction; the body of the create
            call and its echo on the job.
        frame_count (float | Unset): Number of frames; only when completed.
        data (FramePage | Unset): One page of a frame extraction's frames.
    """

    frame_extraction_id: UUID
    status: FrameExtractionStatus
    created_at: float
    file_id: UUID
    frame_extraction_config: FrameExtractionConfig
    frame_count: float | Unset = UNSET
    data: FramePage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _lazy_imported:
            _import_lazily()
        frame_extraction_id = str(self.frame_extraction_id)

        status = self.status.value

        created_at = self.created_at

        file_id = str(self.file_id)

        frame_extraction_config = self.frame_extraction_config.to_dict()

        frame_count = self.frame_count

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "frame_extraction_id": frame_extraction_id,
                "status": status,
                "created_at": created_at,
                "file_id": file_id,
                "frame_extraction_config": frame_extraction_config,
            }
        )
        if frame_count is not UNSET:
            field_dict["frame_count"] = frame_count
        if data is not UNSET:
            field_dict["data"] = data

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
            _present = 5
            frame_extraction_id = d["frame_extraction_id"]
            if type(frame_extraction_id) is str and len(_digits := frame_extraction_id.replace("-", "")) == 32:
                try:
                    _number = _from_bytes(unhexlify(_digits), "big")
                except ValueError:
                    frame_extraction_id = read_uuid(frame_extraction_id, "frame_extraction_id")
                else:
                    frame_extraction_id = _new_object(UUID)
                    _set_uuid_int(frame_extraction_id, _number)
                    _set_uuid_is_safe(frame_extraction_id, _UNKNOWN_SAFETY)
            else:
                frame_extraction_id = read_uuid(frame_extraction_id, "frame_extraction_id")

            status = d["status"]
            _member = FrameExtractionStatus._value2member_map_.get(status) if type(status) is str else None
            if _member is None:
                status = FrameExtractionStatus(status)
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

            frame_extraction_config = FrameExtractionConfig.from_dict(d["frame_extraction_config"])

            frame_count = d.get("frame_count", UNSET)
            if frame_count is not UNSET:
                _present += 1
                if type(frame_count) is not float:
                    frame_count = UNSET if isinstance(frame_count, Unset) else read_float(frame_count, "frame_count")

            _data = d.get("data", UNSET)
            data: FramePage | Unset
            if isinstance(_data, Unset):
                data = UNSET
            else:
                data = FramePage.from_dict(_data)

            if "data" in d:
                _present += 1

            # What attrs' __init__ does for these classes (no validators, converters or hooks),
            # minus the call: slots assigned on a bare instance (named so that no field can shadow it).
            _instance = _new_object(cls)
            _instance.frame_extraction_id = frame_extraction_id
            _instance.status = status
            _instance.created_at = created_at
            _instance.file_id = file_id
            _instance.frame_extraction_config = frame_extraction_config
            _instance.frame_count = frame_count
            _instance.data = data
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
