from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.file_source import FileSource
from ..models.file_status import FileStatus
from ..models.media_type import MediaType
from ..types import UNSET, Unset, read_int, read_object, read_str

if TYPE_CHECKING:
    from ..models.file_metadata_type_0 import FileMetadataType0
    from ..models.file_source_metadata_type_0 import FileSourceMetadataType0
    from ..models.media_info import MediaInfo
    from ..models.video_info import VideoInfo


T = TypeVar("T", bound="File")


@_attrs_define
class File:
    """An uploaded media file.

    Attributes:
        id (str):
        status (FileStatus): Processing status of an uploaded file.
        uri (str): Cloudglue URI of the file, for use in other calls.
        bytes_ (int | None | Unset): Size in bytes.
        created_at (int | Unset): Unix timestamp; seconds or milliseconds (unit not settled by the provider).
        filename (str | Unset):
        metadata (FileMetadataType0 | None | Unset): User-supplied metadata.
        media_type (MediaType | Unset): Kind of media. The service adds kinds over time (`image` in 0.7.8).
        media_info (MediaInfo | Unset): Probed properties of the media; any of them may be unknown.
        video_info (VideoInfo | Unset): Older shape of the probed video properties; still sent.
        thumbnail_url (str | Unset):
        source (FileSource | Unset): Where the file came from. The service adds sources over time.
        source_metadata (FileSourceMetadataType0 | None | Unset): Source-specific details, kept opaque.
    """

    id: str
    status: FileStatus
    uri: str
    bytes_: int | None | Unset = UNSET
    created_at: int | Unset = UNSET
    filename: str | Unset = UNSET
    metadata: FileMetadataType0 | None | Unset = UNSET
    media_type: MediaType | Unset = UNSET
    media_info: MediaInfo | Unset = UNSET
    video_info: VideoInfo | Unset = UNSET
    thumbnail_url: str | Unset = UNSET
    source: FileSource | Unset = UNSET
    source_metadata: FileSourceMetadataType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.file_metadata_type_0 import FileMetadataType0
        from ..models.file_source_metadata_type_0 import FileSourceMetadataType0

        id = self.id

        status = self.status.value

        uri = self.uri

        bytes_: int | None | Unset
        if isinstance(self.bytes_, Unset):
            bytes_ = UNSET
        else:
            bytes_ = self.bytes_

        created_at = self.created_at

        filename = self.filename

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, FileMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        media_type: str | Unset = UNSET
        if not isinstance(self.media_type, Unset):
            media_type = self.media_type.value

        media_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.media_info, Unset):
            media_info = self.media_info.to_dict()

        video_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.video_info, Unset):
            video_info = self.video_info.to_dict()

        thumbnail_url = self.thumbnail_url

        source: str | Unset = UNSET
        if not isinstance(self.source, Unset):
            source = self.source.value

        source_metadata: dict[str, Any] | None | Unset
        if isinstance(self.source_metadata, Unset):
            source_metadata = UNSET
        elif isinstance(self.source_metadata, FileSourceMetadataType0):
            source_metadata = self.source_metadata.to_dict()
        else:
            source_metadata = self.source_metadata

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "uri": uri,
            }
        )
        if bytes_ is not UNSET:
            field_dict["bytes"] = bytes_
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if filename is not UNSET:
            field_dict["filename"] = filename
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if media_type is not UNSET:
            field_dict["media_type"] = media_type
        if media_info is not UNSET:
            field_dict["media_info"] = media_info
        if video_info is not UNSET:
            field_dict["video_info"] = video_info
        if thumbnail_url is not UNSET:
            field_dict["thumbnail_url"] = thumbnail_url
        if source is not UNSET:
            field_dict["source"] = source
        if source_metadata is not UNSET:
            field_dict["source_metadata"] = source_metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.file_metadata_type_0 import FileMetadataType0
        from ..models.file_source_metadata_type_0 import FileSourceMetadataType0
        from ..models.media_info import MediaInfo
        from ..models.video_info import VideoInfo

        d = read_object(src_dict, "File")
        id = read_str(d.pop("id"), "id")

        status = FileStatus(d.pop("status"))

        uri = read_str(d.pop("uri"), "uri")

        def _parse_bytes_(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, int) and not isinstance(data, bool)):
                    raise TypeError()
                bytes_type_0 = read_int(data, "bytes_type_0")

                return bytes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not data is None:
                raise TypeError()
            bytes_type_1 = data

            return bytes_type_1

        bytes_ = _parse_bytes_(d.pop("bytes", UNSET))

        _created_at = d.pop("created_at", UNSET)
        created_at: int | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = read_int(_created_at, "created_at")

        _filename = d.pop("filename", UNSET)
        filename: str | Unset
        if isinstance(_filename, Unset):
            filename = UNSET
        else:
            filename = read_str(_filename, "filename")

        def _parse_metadata(data: object) -> FileMetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = FileMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not data is None:
                raise TypeError()
            metadata_type_1 = data

            return metadata_type_1

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        _media_type = d.pop("media_type", UNSET)
        media_type: MediaType | Unset
        if isinstance(_media_type, Unset):
            media_type = UNSET
        else:
            media_type = MediaType(_media_type)

        _media_info = d.pop("media_info", UNSET)
        media_info: MediaInfo | Unset
        if isinstance(_media_info, Unset):
            media_info = UNSET
        else:
            media_info = MediaInfo.from_dict(_media_info)

        _video_info = d.pop("video_info", UNSET)
        video_info: VideoInfo | Unset
        if isinstance(_video_info, Unset):
            video_info = UNSET
        else:
            video_info = VideoInfo.from_dict(_video_info)

        _thumbnail_url = d.pop("thumbnail_url", UNSET)
        thumbnail_url: str | Unset
        if isinstance(_thumbnail_url, Unset):
            thumbnail_url = UNSET
        else:
            thumbnail_url = read_str(_thumbnail_url, "thumbnail_url")

        _source = d.pop("source", UNSET)
        source: FileSource | Unset
        if isinstance(_source, Unset):
            source = UNSET
        else:
            source = FileSource(_source)

        def _parse_source_metadata(data: object) -> FileSourceMetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_metadata_type_0 = FileSourceMetadataType0.from_dict(data)

                return source_metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not data is None:
                raise TypeError()
            source_metadata_type_1 = data

            return source_metadata_type_1

        source_metadata = _parse_source_metadata(d.pop("source_metadata", UNSET))

        _instance = object.__new__(cls)
        _instance.id = id
        _instance.status = status
        _instance.uri = uri
        _instance.bytes_ = bytes_
        _instance.created_at = created_at
        _instance.filename = filename
        _instance.metadata = metadata
        _instance.media_type = media_type
        _instance.media_info = media_info
        _instance.video_info = video_info
        _instance.thumbnail_url = thumbnail_url
        _instance.source = source
        _instance.source_metadata = source_metadata
        file = _instance

        file.additional_properties = d
        return file

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
