from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.list_object import ListObject
from ..types import (
    UNSET,
    Unset,
    _new_object,
    read_int,
)

if TYPE_CHECKING:
    from ..models.chapter import Chapter
    from ..models.segment import Segment
    from ..models.shot import Shot

_lazy_imported = False


def _import_lazily() -> None:
    """Import the models this one refers to (on first use: they may import this module)."""
    global _lazy_imported, Chapter, Segment, Shot
    from ..models.chapter import Chapter
    from ..models.segment import Segment
    from ..models.shot import Shot

    _lazy_imported = True


T = TypeVar("T", bound="SegmentPage")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS: frozenset[str] = frozenset(
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
        if not _lazy_imported:
            _import_lazily()
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
            object_ = d["object"]
            _member = ListObject._value2member_map_.get(object_) if type(object_) is str else None
            if _member is None:
                object_ = ListObject(object_)
            else:
                object_ = _member

            total = d["total"]
            if type(total) is not int:
                total = read_int(total, "total")

            limit = d["limit"]
            if type(limit) is not int:
                limit = read_int(limit, "limit")

            offset = d["offset"]
            if type(offset) is not int:
                offset = read_int(offset, "offset")

            segments = d.get("segments", UNSET)
            if segments is not UNSET:
                _present += 1
                segments = Segment._from_dicts(segments)

            shots = d.get("shots", UNSET)
            if shots is not UNSET:
                _present += 1
                shots = Shot._from_dicts(shots)

            chapters = d.get("chapters", UNSET)
            if chapters is not UNSET:
                _present += 1
                chapters = Chapter._from_dicts(chapters)

            # What attrs' __init__ does for these classes (no validators, converters or hooks),
            # minus the call: slots assigned on a bare instance (named so that no field can shadow it).
            _instance = _new_object(cls)
            _instance.object_ = object_
            _instance.total = total
            _instance.limit = limit
            _instance.offset = offset
            _instance.segments = segments
            _instance.shots = shots
            _instance.chapters = chapters
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
