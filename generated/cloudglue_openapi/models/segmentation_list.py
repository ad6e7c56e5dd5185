from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.list_object import ListObject
from ..types import read_int

if TYPE_CHECKING:
    from ..models.segmentation_list_item import SegmentationListItem


T = TypeVar("T", bound="SegmentationList")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS = frozenset(
    {
        "object",
        "data",
        "total",
        "limit",
        "offset",
    }
)


@_attrs_define
class SegmentationList:
    """One page of segmentations.

    Attributes:
        object_ (ListObject): Marks a list envelope.
        data (list[SegmentationListItem]):
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
    data: list[SegmentationListItem]
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
        from ..models.segmentation_list_item import SegmentationListItem

        d = src_dict
        object_ = ListObject(d["object"])

        data = [SegmentationListItem.from_dict(item) for item in d["data"]]

        total = d["total"] if type(d["total"]) is int else read_int(d["total"], "total")

        limit = d["limit"] if type(d["limit"]) is int else read_int(d["limit"], "limit")

        offset = d["offset"] if type(d["offset"]) is int else read_int(d["offset"], "offset")

        # What attrs' __init__ does for these classes (no validators, converters or hooks), minus
        # the call: slots assigned on a bare instance.
        segmentation_list = object.__new__(cls)
        segmentation_list.object_ = object_
        segmentation_list.data = data
        segmentation_list.total = total
        segmentation_list.limit = limit
        segmentation_list.offset = offset

        additional_properties = {}
        if len(d) > 5 and not _FIELDS.issuperset(d):
            for prop_name, prop_dict in d.items():
                if prop_name in _FIELDS:
                    continue
                additional = prop_dict

                additional_properties[prop_name] = additional

        segmentation_list.additional_properties = additional_properties
        return segmentation_list

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
