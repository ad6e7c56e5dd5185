from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, read_object, read_str

if TYPE_CHECKING:
    from ..models.file_update_metadata import FileUpdateMetadata


T = TypeVar("T", bound="FileUpdate")


@_attrs_define
class FileUpdate:
    """Body of a file update; a field left out keeps its value.

    Attributes:
        metadata (FileUpdateMetadata | Unset): User metadata; replaces the stored object (a JSON object, never null).
        filename (str | Unset): The new filename.
    """

    metadata: FileUpdateMetadata | Unset = UNSET
    filename: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        filename = self.filename

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if filename is not UNSET:
            field_dict["filename"] = filename

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.file_update_metadata import FileUpdateMetadata

        d = read_object(src_dict, "FileUpdate")
        _metadata = d.pop("metadata", UNSET)
        metadata: FileUpdateMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = FileUpdateMetadata.from_dict(_metadata)

        _filename = d.pop("filename", UNSET)
        filename: str | Unset
        if isinstance(_filename, Unset):
            filename = UNSET
        else:
            filename = read_str(_filename, "filename")

        _instance = object.__new__(cls)
        _instance.metadata = metadata
        _instance.filename = filename
        file_update = _instance

        file_update.additional_properties = d
        return file_update

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
