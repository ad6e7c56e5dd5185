from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.search_filter_operator import SearchFilterOperator
from ..models.search_filter_scope import SearchFilterScope
from ..models.search_filter_video_info_path import SearchFilterVideoInfoPath
from ..types import (
    UNSET,
    Unset,
    _new_object,
    read_str,
)

T = TypeVar("T", bound="SearchFilterVideoInfoCriteria")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS: frozenset[str] = frozenset(
    {
        "path",
        "operator",
        "valueText",
        "valueTextArray",
        "scope",
    }
)


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
        return cls._from_dicts((src_dict,))[0]

    @classmethod
    def _from_dicts(cls, src_dicts: Iterable[Mapping[str, Any]]) -> list[Self]:
        """`[cls.from_dict(d) for d in src_dicts]`, in one loop."""
        _parsed: list[Self] = []
        _append = _parsed.append
        for d in src_dicts:
            _present = 2
            path = d["path"]
            _member = SearchFilterVideoInfoPath._value2member_map_.get(path) if type(path) is str else None
            if _member is None:
                path = SearchFilterVideoInfoPath(path)
            else:
                path = _member

            operator = d["operator"]
            _member = SearchFilterOperator._value2member_map_.get(operator) if type(operator) is str else None
            if _member is None:
                operator = SearchFilterOperator(operator)
            else:
                operator = _member

            value_text = d.get("valueText", UNSET)
            if value_text is not UNSET:
                _present += 1
                if type(value_text) is not str:
                    value_text = UNSET if isinstance(value_text, Unset) else read_str(value_text, "valueText")

            value_text_array = d.get("valueTextArray", UNSET)
            if value_text_array is not UNSET:
                _present += 1
                _value_text_array = value_text_array
                value_text_array = []
                for value_text_array_item_data in _value_text_array:
                    value_text_array_item = (
                        value_text_array_item_data
                        if type(value_text_array_item_data) is str
                        else read_str(value_text_array_item_data, "valueTextArray_item")
                    )

                    value_text_array.append(value_text_array_item)

            scope = d.get("scope", UNSET)
            if scope is not UNSET:
                _present += 1
                _member = SearchFilterScope._value2member_map_.get(scope) if type(scope) is str else None
                if _member is None:
                    scope = UNSET if isinstance(scope, Unset) else SearchFilterScope(scope)
                else:
                    scope = _member

            # What attrs' __init__ does for these classes (no validators, converters or hooks),
            # minus the call: slots assigned on a bare instance (named so that no field can shadow it).
            _instance = _new_object(cls)
            _instance.path = path
            _instance.operator = operator
            _instance.value_text = value_text
            _instance.value_text_array = value_text_array
            _instance.scope = scope
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
