from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.list_object import ListObject
from ..types import read_int, read_object

if TYPE_CHECKING:
    from ..models.file_segment import FileSegment


T = TypeVar("T", bound="FileSegmentListResponse")


@_attrs_define
class FileSegmentListResponse:
    """One page of a file's segments.

    Attributes:
        object_ (ListObject): Marks a list envelope.
        data (list[FileSegment]):
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
    data: list[FileSegment]
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
        from ..models.file_segment import FileSegment

        d = read_object(src_dict, "FileSegmentListResponse")
        object_ = ListObject(d.pop("object"))

        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = FileSegment.from_dict(data_item_data)

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
        file_segment_list_response = _instance

        file_segment_list_response.additional_properties = d
        return file_segment_list_response

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
