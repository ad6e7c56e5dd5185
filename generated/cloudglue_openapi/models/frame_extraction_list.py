from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.list_object import ListObject
from ..types import read_int, read_object

if TYPE_CHECKING:
    from ..models.frame_extraction_list_item import FrameExtractionListItem


T = TypeVar("T", bound="FrameExtractionList")


@_attrs_define
class FrameExtractionList:
    """One page of frame extractions.

    Attributes:
        object_ (ListObject): Marks a list envelope.
        data (list[FrameExtractionListItem]):
        total (int): `total`, `limit` or `offset` of a page. The provider's reference states no minimum;
            this contract states `minimum: 0` because a negative count or position has no meaning
            and pagination cannot continue from one (the client rejects such a page).
        limit (int): `total`, `limit` or `offset` of a page. The provider's reference states no minimum;
            this contract states `minimum: 0` because a negative count or position has no meaning
            and pagination cannot continue from one (the client rejects such a page).
        offset (int): `total`, `limit` or `offset` of a page. The provider's reference states no minimum;
            this contract states `minimum: 0` because a negative count or position has no meaning
            and pagination cannot continue from one (the client rejects such a page).
    """

    object_: ListObject
    data: list[FrameExtractionListItem]
    total: int
    limit: int
    offset: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_.value

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        total = self.total

        limit = self.limit

        offset = self.offset

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "object": object_,
                "data": data,
                "total": total,
                "limit": limit,
                "offset": offset,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.frame_extraction_list_item import FrameExtractionListItem

        d = read_object(src_dict, "FrameExtractionList")
        object_ = ListObject(d.pop("object"))

        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = FrameExtractionListItem.from_dict(data_item_data)

            data.append(data_item)

        total = read_int(d.pop("total"), "total")

        limit = read_int(d.pop("limit"), "limit")

        offset = read_int(d.pop("offset"), "offset")

        _instance = object.__new__(cls)
        _instance.object_ = object_
        _instance.data = data
        _instance.total = total
        _instance.limit = limit
        _instance.offset = offset
        frame_extraction_list = _instance

        frame_extraction_list.additional_properties = d
        return frame_extraction_list

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
