from __future__ import annotations

from binascii import unhexlify
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    _UNKNOWN_SAFETY,
    UNSET,
    Unset,
    _from_bytes,
    _new_object,
    _set_uuid_int,
    _set_uuid_is_safe,
    read_float,
    read_str,
    read_uuid,
)

if TYPE_CHECKING:
    from ..models.file_segment_metadata_type_0 import FileSegmentMetadataType0

_lazy_imported = False


def _import_lazily() -> None:
    """Import the models this one refers to (on first use: they may import this module)."""
    global _lazy_imported, FileSegmentMetadataType0
    from ..models.file_segment_metadata_type_0 import FileSegmentMetadataType0

    _lazy_imported = True


T = TypeVar("T", bound="FileSegment")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS: frozenset[str] = frozenset(
    {
        "id",
        "file_id",
        "start_time",
        "end_time",
        "thumbnail_url",
        "metadata",
        "segmentation_id",
    }
)


@_attrs_define
class FileSegment:
    """One segment of a file, from one of its segmentations, in seconds. The provider's
    reference marks `thumbnail_url` required yet describes it as "if available", and
    segmentations made without thumbnails have none, so this contract leaves it optional.

        Attributes:
            id (UUID):
            file_id (UUID):
            start_time (float):
            end_time (float):
            thumbnail_url (str | Unset): The segment's thumbnail, when one was made.
            metadata (FileSegmentMetadataType0 | None | Unset): User metadata of the segment. The provider's schema says
                `object` and its
                description of the update "Nullable"; a segment never labelled may carry null,
                so this contract accepts null here (the generated client would otherwise refuse
                the whole answer).
            segmentation_id (UUID | Unset): The segmentation the segment belongs to.
    """

    id: UUID
    file_id: UUID
    start_time: float
    end_time: float
    thumbnail_url: str | Unset = UNSET
    metadata: FileSegmentMetadataType0 | None | Unset = UNSET
    segmentation_id: UUID | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _lazy_imported:
            _import_lazily()
        id = str(self.id)

        file_id = str(self.file_id)

        start_time = self.start_time

        end_time = self.end_time

        thumbnail_url = self.thumbnail_url

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, FileSegmentMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        segmentation_id: str | Unset = UNSET
        if not isinstance(self.segmentation_id, Unset):
            segmentation_id = str(self.segmentation_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "file_id": file_id,
                "start_time": start_time,
                "end_time": end_time,
            }
        )
        if thumbnail_url is not UNSET:
            field_dict["thumbnail_url"] = thumbnail_url
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if segmentation_id is not UNSET:
            field_dict["segmentation_id"] = segmentation_id

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
            _present = 4
            id = d["id"]
            if type(id) is str and len(_digits := id.replace("-", "")) == 32:
                try:
                    _number = _from_bytes(unhexlify(_digits), "big")
                except ValueError:
                    id = read_uuid(id, "id")
                else:
                    id = _new_object(UUID)
                    _set_uuid_int(id, _number)
                    _set_uuid_is_safe(id, _UNKNOWN_SAFETY)
            else:
                id = read_uuid(id, "id")

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

            start_time = d["start_time"]
            if type(start_time) is not float:
                start_time = read_float(start_time, "start_time")

            end_time = d["end_time"]
            if type(end_time) is not float:
                end_time = read_float(end_time, "end_time")

            thumbnail_url = d.get("thumbnail_url", UNSET)
            if thumbnail_url is not UNSET:
                _present += 1
                if type(thumbnail_url) is not str:
                    thumbnail_url = (
                        UNSET if isinstance(thumbnail_url, Unset) else read_str(thumbnail_url, "thumbnail_url")
                    )

            def _parse_metadata(data: object) -> FileSegmentMetadataType0 | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    metadata_type_0 = FileSegmentMetadataType0.from_dict(data)

                    return metadata_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not data is None:
                    raise TypeError()
                metadata_type_1 = data

                return metadata_type_1

            metadata = _parse_metadata(d.get("metadata", UNSET))

            if "metadata" in d:
                _present += 1

            segmentation_id = d.get("segmentation_id", UNSET)
            if segmentation_id is not UNSET:
                _present += 1
                if type(segmentation_id) is str and len(_digits := segmentation_id.replace("-", "")) == 32:
                    try:
                        _number = _from_bytes(unhexlify(_digits), "big")
                    except ValueError:
                        segmentation_id = read_uuid(segmentation_id, "segmentation_id")
                    else:
                        segmentation_id = _new_object(UUID)
                        _set_uuid_int(segmentation_id, _number)
                        _set_uuid_is_safe(segmentation_id, _UNKNOWN_SAFETY)
                elif isinstance(segmentation_id, Unset):
                    segmentation_id = UNSET
                else:
                    segmentation_id = read_uuid(segmentation_id, "segmentation_id")

            # What attrs' __init__ does for these classes (no validators, converters or hooks),
            # minus the call: slots assigned on a bare instance (named so that no field can shadow it).
            _instance = _new_object(cls)
            _instance.id = id
            _instance.file_id = file_id
            _instance.start_time = start_time
            _instance.end_time = end_time
            _instance.thumbnail_url = thumbnail_url
            _instance.metadata = metadata
            _instance.segmentation_id = segmentation_id
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
