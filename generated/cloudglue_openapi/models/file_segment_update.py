from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, read_object

if TYPE_CHECKING:
    from ..models.file_segment_update_metadata import FileSegmentUpdateMetadata


T = TypeVar("T", bound="FileSegmentUpdate")


@_attrs_define
class FileSegmentUpdate:
    """Body of a segment update. The provider's reference writes it inline; it is named
    here so the generated model has a stable name.

        Attributes:
            metadata (FileSegmentUpdateMetadata | Unset): User metadata; replaces the stored object. The provider's
                description says
                "Nullable" but its schema is `object`; this contract follows the schema (a JSON
                object, never null).
    """

    metadata: FileSegmentUpdateMetadata | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.file_segment_update_metadata import FileSegmentUpdateMetadata

        d = read_object(src_dict, "FileSegmentUpdate")
        _metadata = d.pop("metadata", UNSET)
        metadata: FileSegmentUpdateMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = FileSegmentUpdateMetadata.from_dict(_metadata)

        _instance = object.__new__(cls)
        _instance.metadata = metadata
        file_segment_update = _instance

        file_segment_update.additional_properties = d
        return file_segment_update

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
