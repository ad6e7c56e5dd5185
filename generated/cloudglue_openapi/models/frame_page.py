from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.list_object import ListObject
from ..types import UNSET, Unset, read_int, read_object

if TYPE_CHECKING:
    from ..models.frame import Frame


T = TypeVar("T", bound="FramePage")


@_attrs_define
class FramePage:
    """One page of a frame extraction's frames.

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
        frames (list[Frame] | Unset):
    """

    object_: ListObject
    total: int
    limit: int
    offset: int
    frames: list[Frame] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_.value

        total = self.total

        limit = self.limit

        offset = self.offset

        frames: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.frames, Unset):
            frames = []
            for frames_item_data in self.frames:
                frames_item = frames_item_data.to_dict()
                frames.append(frames_item)

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
        if frames is not UNSET:
            field_dict["frames"] = frames

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.frame import Frame

        d = read_object(src_dict, "FramePage")
        object_ = ListObject(d.pop("object"))

        total = read_int(d.pop("total"), "total")

        limit = read_int(d.pop("limit"), "limit")

        offset = read_int(d.pop("offset"), "offset")

        _frames = d.pop("frames", UNSET)
        frames: list[Frame] | Unset = UNSET
        if _frames is not UNSET:
            frames = []
            for frames_item_data in _frames:
                frames_item = Frame.from_dict(frames_item_data)

                frames.append(frames_item)

        _instance = object.__new__(cls)
        _instance.object_ = object_
        _instance.total = total
        _instance.limit = limit
        _instance.offset = offset
        _instance.frames = frames
        frame_page = _instance

        frame_page.additional_properties = d
        return frame_page

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
