from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.search_filter_operator import SearchFilterOperator
from ..models.search_filter_scope import SearchFilterScope
from ..models.search_filter_video_info_path import SearchFilterVideoInfoPath
from ..types import UNSET, Unset, read_object, read_str

T = TypeVar("T", bound="SearchFilterVideoInfoCriteria")


@_attrs_define
class SearchFilterVideoInfoCriteria:
    """One condition on the probed video properties.

    Attributes:
        path (SearchFilterVideoInfoPath): The `video_info` properties a filter can test (`has_audio` in `file` scope
            only).
        operator (SearchFilterOperator): How a search filter condition compares. `In`, `ContainsAny` and `ContainsAll`
            take
            `valueTextArray`; the others take `valueText`. `Like` is a case-insensitive pattern
            (`%` any run of characters, `_` one character).
        value_text (str | Unset):
        value_text_array (list[str] | Unset):
        scope (SearchFilterScope | Unset): What a condition is checked on: the file (the default) or each of its
            segments
            (`segment`: a segment's own metadata, or its duration; `has_audio` has no segment
            value).
    """

    path: SearchFilterVideoInfoPath
    operator: SearchFilterOperator
    value_text: str | Unset = UNSET
    value_text_array: list[str] | Unset = UNSET
    scope: SearchFilterScope | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        path = self.path.value

        operator = self.operator.value

        value_text = self.value_text

        value_text_array: list[str] | Unset = UNSET
        if not isinstance(self.value_text_array, Unset):
            value_text_array = self.value_text_array

        scope: str | Unset = UNSET
        if not isinstance(self.scope, Unset):
            scope = self.scope.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "path": path,
                "operator": operator,
            }
        )
        if value_text is not UNSET:
            field_dict["valueText"] = value_text
        if value_text_array is not UNSET:
            field_dict["valueTextArray"] = value_text_array
        if scope is not UNSET:
            field_dict["scope"] = scope

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = read_object(src_dict, "SearchFilterVideoInfoCriteria")
        path = SearchFilterVideoInfoPath(d.pop("path"))

        operator = SearchFilterOperator(d.pop("operator"))

        _value_text = d.pop("valueText", UNSET)
        value_text: str | Unset
        if isinstance(_value_text, Unset):
            value_text = UNSET
        else:
            value_text = read_str(_value_text, "valueText")

        _value_text_array = d.pop("valueTextArray", UNSET)
        value_text_array: list[str] | Unset = UNSET
        if _value_text_array is not UNSET:
            value_text_array = []
            for value_text_array_item_data in _value_text_array:
                value_text_array_item = read_str(value_text_array_item_data, "valueTextArray_item")

                value_text_array.append(value_text_array_item)

        _scope = d.pop("scope", UNSET)
        scope: SearchFilterScope | Unset
        if isinstance(_scope, Unset):
            scope = UNSET
        else:
            scope = SearchFilterScope(_scope)

        _instance = object.__new__(cls)
        _instance.path = path
        _instance.operator = operator
        _instance.value_text = value_text
        _instance.value_text_array = value_text_array
        _instance.scope = scope
        search_filter_video_info_criteria = _instance

        search_filter_video_info_criteria.additional_properties = d
        return search_filter_video_info_criteria

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
