from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.narrative_strategy import NarrativeStrategy
from ..types import UNSET, Unset, read_int, read_object, read_str

T = TypeVar("T", bound="NarrativeConfig")


@_attrs_define
class NarrativeConfig:
    """Chapters found by a model; the server checks min <= target <= max.

    Attributes:
        prompt (str | Unset):
        strategy (NarrativeStrategy | Unset): Narrative segmentation style.
        number_of_chapters (int | Unset):
        min_chapters (int | Unset):
        max_chapters (int | Unset):
    """

    prompt: str | Unset = UNSET
    strategy: NarrativeStrategy | Unset = UNSET
    number_of_chapters: int | Unset = UNSET
    min_chapters: int | Unset = UNSET
    max_chapters: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        strategy: str | Unset = UNSET
        if not isinstance(self.strategy, Unset):
            strategy = self.strategy.value

        number_of_chapters = self.number_of_chapters

        min_chapters = self.min_chapters

        max_chapters = self.max_chapters

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if strategy is not UNSET:
            field_dict["strategy"] = strategy
        if number_of_chapters is not UNSET:
            field_dict["number_of_chapters"] = number_of_chapters
        if min_chapters is not UNSET:
            field_dict["min_chapters"] = min_chapters
        if max_chapters is not UNSET:
            field_dict["max_chapters"] = max_chapters

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = read_object(src_dict, "NarrativeConfig")
        _prompt = d.pop("prompt", UNSET)
        prompt: str | Unset
        if isinstance(_prompt, Unset):
            prompt = UNSET
        else:
            prompt = read_str(_prompt, "prompt")

        _strategy = d.pop("strategy", UNSET)
        strategy: NarrativeStrategy | Unset
        if isinstance(_strategy, Unset):
            strategy = UNSET
        else:
            strategy = NarrativeStrategy(_strategy)

        _number_of_chapters = d.pop("number_of_chapters", UNSET)
        number_of_chapters: int | Unset
        if isinstance(_number_of_chapters, Unset):
            number_of_chapters = UNSET
        else:
            number_of_chapters = read_int(_number_of_chapters, "number_of_chapters")

        _min_chapters = d.pop("min_chapters", UNSET)
        min_chapters: int | Unset
        if isinstance(_min_chapters, Unset):
            min_chapters = UNSET
        else:
            min_chapters = read_int(_min_chapters, "min_chapters")

        _max_chapters = d.pop("max_chapters", UNSET)
        max_chapters: int | Unset
        if isinstance(_max_chapters, Unset):
            max_chapters = UNSET
        else:
            max_chapters = read_int(_max_chapters, "max_chapters")

        _instance = object.__new__(cls)
        _instance.prompt = prompt
        _instance.strategy = strategy
        _instance.number_of_chapters = number_of_chapters
        _instance.min_chapters = min_chapters
        _instance.max_chapters = max_chapters
        narrative_config = _instance

        narrative_config.additional_properties = d
        return narrative_config

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
