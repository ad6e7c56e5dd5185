from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, Unset, read_bool, read_object, read_str

T = TypeVar("T", bound="FileUpload")


@_attrs_define
class FileUpload:
    """Multipart body of an upload; one part per property.

    Attributes:
        file (File): The media content, in exactly one part; an empty file is a 400.
        metadata (str | Unset): User metadata as a JSON object, sent as a text part. The provider's reference
            declares `type: object`; in multipart/form-data an object part is sent as
            application/json text, so the bytes are the same, and this spelling lets the
            generated client send the text it is given. The text is UTF-8, as a JSON body's
            is: a part that is not UTF-8 is a 400 naming it.
        enable_segment_thumbnails (bool | Unset): Whether segment thumbnails are made for this file, sent as the text
            `true` or
            `false` (the official Python SDK sends `True`; case is ignored, and the emulator
            also takes `1` and `0`).
    """

    file: File
    metadata: str | Unset = UNSET
    enable_segment_thumbnails: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        metadata = self.metadata

        enable_segment_thumbnails = self.enable_segment_thumbnails

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
            }
        )
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if enable_segment_thumbnails is not UNSET:
            field_dict["enable_segment_thumbnails"] = enable_segment_thumbnails

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        if not isinstance(self.metadata, Unset):
            files.append(("metadata", (None, str(self.metadata).encode(), "text/plain")))

        if not isinstance(self.enable_segment_thumbnails, Unset):
            files.append(
                (
                    "enable_segment_thumbnails",
                    (None, ("true" if self.enable_segment_thumbnails else "false").encode(), "text/plain"),
                )
            )

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = read_object(src_dict, "FileUpload")
        file = File(payload=BytesIO(d.pop("file")))

        _metadata = d.pop("metadata", UNSET)
        metadata: str | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = read_str(_metadata, "metadata")

        _enable_segment_thumbnails = d.pop("enable_segment_thumbnails", UNSET)
        enable_segment_thumbnails: bool | Unset
        if isinstance(_enable_segment_thumbnails, Unset):
            enable_segment_thumbnails = UNSET
        else:
            enable_segment_thumbnails = read_bool(_enable_segment_thumbnails, "enable_segment_thumbnails")

        _instance = object.__new__(cls)
        _instance.file = file
        _instance.metadata = metadata
        _instance.enable_segment_thumbnails = enable_segment_thumbnails
        file_upload = _instance

        file_upload.additional_properties = d
        return file_upload

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
