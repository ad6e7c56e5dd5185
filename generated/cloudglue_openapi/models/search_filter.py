from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import (
    UNSET,
    Unset,
    _new_object,
)

if TYPE_CHECKING:
    from ..models.search_filter_file_criteria import SearchFilterFileCriteria
    from ..models.search_filter_metadata_criteria import SearchFilterMetadataCriteria
    from ..models.search_filter_video_info_criteria import SearchFilterVideoInfoCriteria

_lazy_imported = False


def _import_lazily() -> None:
    """Import the models this one refers to (on first use: they may import this module)."""
    global _lazy_imported, SearchFilterFileCriteria, SearchFilterMetadataCriteria, SearchFilterVideoInfoCriteria
    from ..models.search_filter_file_criteria import SearchFilterFileCriteria
    from ..models.search_filter_metadata_criteria import SearchFilterMetadataCriteria
    from ..models.search_filter_video_info_criteria import SearchFilterVideoInfoCriteria

    _lazy_imported = True


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
        if not _lazy_imported:
            _import_lazily()
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
        return cls._from_dicts((src_dict,))[0]

    @classmethod
    def _from_dicts(cls, src_dicts: Iterable[Mapping[str, Any]]) -> list[Self]:
        """`[cls.from_dict(d) for d in src_dicts]`, in one loop."""
        if not _lazy_imported:
            _import_lazily()
        _parsed: list[Self] = []
        _append = _parsed.append
        for d in src_dicts:
            metadata = d.get("metadata", UNSET)
            if metadata is not UNSET:
                metadata = SearchFilterMetadataCriteria._from_dicts(metadata)

            video_info = d.get("video_info", UNSET)
            if video_info is not UNSET:
                video_info = SearchFilterVideoInfoCriteria._from_dicts(video_info)

            file = d.get("file", UNSET)
            if file is not UNSET:
                file = SearchFilterFileCriteria._from_dicts(file)

            # What attrs' __init__ does for these classes (no validators, converters or hooks),
            # minus the call: slots assigned on a bare instance (named so that no field can shadow it).
            _instance = _new_object(cls)
            _instance.metadata = metadata
            _instance.video_info = video_info
            _instance.file = file
            _append(_instance)
        return _parsed
