from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.list_object import ListObject
from ..types import UNSET, Unset, read_int

if TYPE_CHECKING:
    from ..models.chapter import Chapter
    from ..models.segment import Segment
    from ..models.shot import Shot


T = TypeVar("T", bound="SegmentPage")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS = frozenset(
    {
        "object",
        "total",
        "limit",
        "offset",
        "segments",
        "shots",
        "chapters",
    }
)


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

        d = src_dict
        object_ = ListObject(d["object"])

        total = d["total"] if type(d["total"]) is int else read_int(d["total"], "total")

        limit = d["limit"] if type(d["limit"]) is int else read_int(d["limit"], "limit")

        offset = d["offset"] if type(d["offset"]) is int else read_int(d["offset"], "offset")

        _segments = d.get("segments", UNSET)
        segments: list[Segment] | Unset = UNSET
        if _segments is not UNSET:
            segments = [Segment.from_dict(item) for item in _segments]

        _shots = d.get("shots", UNSET)
        shots: list[Shot] | Unset = UNSET
        if _shots is not UNSET:
            shots = [Shot.from_dict(item) for item in _shots]

        _chapters = d.get("chapters", UNSET)
        chapters: list[Chapter] | Unset = UNSET
        if _chapters is not UNSET:
            chapters = [Chapter.from_dict(item) for item in _chapters]

        # What attrs' __init__ does for these classes (no validators, converters or hooks), minus
        # the call: slots assigned on a bare instance.
        segment_page = object.__new__(cls)
        segment_page.object_ = object_
        segment_page.total = total
        segment_page.limit = limit
        segment_page.offset = offset
        segment_page.segments = segments
        segment_page.shots = shots
        segment_page.chapters = chapters

        additional_properties = {}
        if len(d) > 4 and not _FIELDS.issuperset(d):
            for prop_name, prop_dict in d.items():
                if prop_name in _FIELDS:
                    continue
                additional = prop_dict

                additional_properties[prop_name] = additional

        segment_page.additional_properties = additional_properties
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
