from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset, read_object

if TYPE_CHECKING:
    from ..models.search_filter_file_criteria import SearchFilterFileCriteria
    from ..models.search_filter_metadata_criteria import SearchFilterMetadataCriteria
    from ..models.search_filter_video_info_criteria import SearchFilterVideoInfoCriteria


T = TypeVar("T", bound="SearchFilter")


@_attrs_define
class SearchFilter:
    """Conditions a file must all meet; sent as JSON text in the `filter` parameter of
    `listFiles`. The provider's reference builds each section's items with `allOf`
    (its `SearchFilterCriteria` plus a narrower `path` and a `scope`) and leaves other
    sections unsaid; this contract names one criteria schema per section, so each list
    of paths and operators is a named enum that the generated constraints carry, and
    refuses an unknown section (`additionalProperties: false`) rather than ignore a
    misspelt one and list every file.

        Attributes:
            metadata (list[SearchFilterMetadataCriteria] | Unset):
            video_info (list[SearchFilterVideoInfoCriteria] | Unset):
            file (list[SearchFilterFileCriteria] | Unset):
    """

    metadata: list[SearchFilterMetadataCriteria] | Unset = UNSET
    video_info: list[SearchFilterVideoInfoCriteria] | Unset = UNSET
    file: list[SearchFilterFileCriteria] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        metadata: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = []
            for metadata_item_data in self.metadata:
                metadata_item = metadata_item_data.to_dict()
                metadata.append(metadata_item)

        video_info: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.video_info, Unset):
            video_info = []
            for video_info_item_data in self.video_info:
                video_info_item = video_info_item_data.to_dict()
                video_info.append(video_info_item)

        file: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.file, Unset):
            file = []
            for file_item_data in self.file:
                file_item = file_item_data.to_dict()
                file.append(file_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if video_info is not UNSET:
            field_dict["video_info"] = video_info
        if file is not UNSET:
            field_dict["file"] = file

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.search_filter_file_criteria import SearchFilterFileCriteria
        from ..models.search_filter_metadata_criteria import SearchFilterMetadataCriteria
        from ..models.search_filter_video_info_criteria import SearchFilterVideoInfoCriteria

        d = read_object(src_dict, "SearchFilter")
        _metadata = d.pop("metadata", UNSET)
        metadata: list[SearchFilterMetadataCriteria] | Unset = UNSET
        if _metadata is not UNSET:
            metadata = []
            for metadata_item_data in _metadata:
                metadata_item = SearchFilterMetadataCriteria.from_dict(metadata_item_data)

                metadata.append(metadata_item)

        _video_info = d.pop("video_info", UNSET)
        video_info: list[SearchFilterVideoInfoCriteria] | Unset = UNSET
        if _video_info is not UNSET:
            video_info = []
            for video_info_item_data in _video_info:
                video_info_item = SearchFilterVideoInfoCriteria.from_dict(video_info_item_data)

                video_info.append(video_info_item)

        _file = d.pop("file", UNSET)
        file: list[SearchFilterFileCriteria] | Unset = UNSET
        if _file is not UNSET:
            file = []
            for file_item_data in _file:
                file_item = SearchFilterFileCriteria.from_dict(file_item_data)

                file.append(file_item)

        _instance = object.__new__(cls)
        _instance.metadata = metadata
        _instance.video_info = video_info
        _instance.file = file
        search_filter = _instance

        return search_filter
