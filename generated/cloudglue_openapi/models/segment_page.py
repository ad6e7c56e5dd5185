from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.list_object import ListObject
from ..types import UNSET, Unset, read_int, read_object

if TYPE_CHECKING:
    from ..models.chapter import Chapter
    from ..models.segment import Segment
    from ..models.shot import Shot


T = TypeVar("T", bound="SegmentPage")


@_attrs_define
class SegmentPage:
    """One page of a segmentation's segments, with shots or chapters where they apply.

    Attributes:
        object_ (ListObject): Marks a list envelope.
        total (int): `total`, `limit` or `offset` of a page. The provider's reference states no minimum;
            this contract states `minimum: 0` because a negative count or position has no meaning
            and pagination cannot continue from one (the client rejects such a page).
        limit (int): `total`, `limit` or `offset` of a page. The provider's reference states no minimum;
            this contract states `minimum: 0` because a negative count or position has no meaning
            and pagination cannot continue from one (the client rejects such a page).
        offset (int): `total`, `limit` or `offset` of a page. The provider's reference states no minimum;
            this contract states `minimum: 0` because a negative count or position has no meaning
            and pagination cannot continue from one (the client rejects such a page).
        segments (list[Segment] | Unset):
        shots (list[Shot] | Unset):
        chapters (list[Chapter] | Unset):
    """

    object_: ListObject
    total: int
    limit: int
    offset: int
    segments: list[Segment] | Unset = UNSET
    shots: list[Shot] | Unset = UNSET
    chapters: list[Chapter] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_.value

        total = self.total

        limit = self.limit

        offset = self.offset

        segments: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.segments, Unset):
            segments = []
            for segments_item_data in self.segments:
                segments_item = segments_item_data.to_dict()
                segments.append(segments_item)

        shots: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.shots, Unset):
            shots = []
            for shots_item_data in self.shots:
                shots_item = shots_item_data.to_dict()
                shots.append(shots_item)

        chapters: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.chapters, Unset):
            chapters = []
            for chapters_item_data in self.chapters:
                chapters_item = chapters_item_data.to_dict()
                chapters.append(chapters_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "object": object_,
                "total": total,
                "limit": limit,
                "offset": offset,
            }
        )
        if segments is not UNSET:
            field_dict["segments"] = segments
        if shots is not UNSET:
            field_dict["shots"] = shots
        if chapters is not UNSET:
            field_dict["chapters"] = chapters

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.chapter import Chapter
        from ..models.segment import Segment
        from ..models.shot import Shot

        d = read_object(src_dict, "SegmentPage")
        object_ = ListObject(d.pop("object"))

        total = read_int(d.pop("total"), "total")

        limit = read_int(d.pop("limit"), "limit")

        offset = read_int(d.pop("offset"), "offset")

        _segments = d.pop("segments", UNSET)
        segments: list[Segment] | Unset = UNSET
        if _segments is not UNSET:
            segments = []
            for segments_item_data in _segments:
                segments_item = Segment.from_dict(segments_item_data)

                segments.append(segments_item)

        _shots = d.pop("shots", UNSET)
        shots: list[Shot] | Unset = UNSET
        if _shots is not UNSET:
            shots = []
            for shots_item_data in _shots:
                shots_item = Shot.from_dict(shots_item_data)

                shots.append(shots_item)

        _chapters = d.pop("chapters", UNSET)
        chapters: list[Chapter] | Unset = UNSET
        if _chapters is not UNSET:
            chapters = []
            for chapters_item_data in _chapters:
                chapters_item = Chapter.from_dict(chapters_item_data)

                chapters.append(chapters_item)

        _instance = object.__new__(cls)
        _instance.object_ = object_
        _instance.total = total
        _instance.limit = limit
        _instance.offset = offset
        _instance.segments = segments
        _instance.shots = shots
        _instance.chapters = chapters
        segment_page = _instance

        segment_page.additional_properties = d
        return segment_page

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
