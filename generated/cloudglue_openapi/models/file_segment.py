from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, read_float, read_object, read_str, read_uuid

if TYPE_CHECKING:
    from ..models.file_segment_metadata_type_0 import FileSegmentMetadataType0


T = TypeVar("T", bound="FileSegment")


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
        from ..models.file_segment_metadata_type_0 import FileSegmentMetadataType0

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
        from ..models.file_segment_metadata_type_0 import FileSegmentMetadataType0

        d = read_object(src_dict, "FileSegment")
        id = read_uuid(d.pop("id"), "id")

        file_id = read_uuid(d.pop("file_id"), "file_id")

        start_time = read_float(d.pop("start_time"), "start_time")

        end_time = read_float(d.pop("end_time"), "end_time")

        _thumbnail_url = d.pop("thumbnail_url", UNSET)
        thumbnail_url: str | Unset
        if isinstance(_thumbnail_url, Unset):
            thumbnail_url = UNSET
        else:
            thumbnail_url = read_str(_thumbnail_url, "thumbnail_url")

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

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        _segmentation_id = d.pop("segmentation_id", UNSET)
        segmentation_id: UUID | Unset
        if isinstance(_segmentation_id, Unset):
            segmentation_id = UNSET
        else:
            segmentation_id = read_uuid(_segmentation_id, "segmentation_id")

        _instance = object.__new__(cls)
        _instance.id = id
        _instance.file_id = file_id
        _instance.start_time = start_time
        _instance.end_time = end_time
        _instance.thumbnail_url = thumbnail_url
        _instance.metadata = metadata
        _instance.segmentation_id = segmentation_id
        file_segment = _instance

        file_segment.additional_properties = d
        return file_segment

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
