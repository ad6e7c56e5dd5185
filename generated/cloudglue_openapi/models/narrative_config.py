from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.narrative_strategy import NarrativeStrategy
from ..types import (
    UNSET,
    Unset,
    _new_object,
    read_int,
    read_str,
)

T = TypeVar("T", bound="NarrativeConfig")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS: frozenset[str] = frozenset(
    {
        "prompt",
        "strategy",
        "number_of_chapters",
        "min_chapters",
        "max_chapters",
    }
)


@_attrs_define
class NarrativeConfig:
    """Chapters found by a model; the server checks min <= target <= max.

    Attributes:
        prompt (str | Unset):
        strategy (NarrativeStrategy | Unset): Narrative segmentation style (`balanced` is described as the default).
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
        return cls._from_dicts((src_dict,))[0]

    @classmethod
    def _from_dicts(cls, src_dicts: Iterable[Mapping[str, Any]]) -> list[Self]:
        """`[cls.from_dict(d) for d in src_dicts]`, in one loop."""
        _parsed: list[Self] = []
        _append = _parsed.append
        for d in src_dicts:
            _present = 0
            prompt = d.get("prompt", UNSET)
            if prompt is not UNSET:
                _present += 1
                if type(prompt) is not str:
                    prompt = UNSET if isinstance(prompt, Unset) else read_str(prompt, "prompt")

            strategy = d.get("strategy", UNSET)
            if strategy is not UNSET:
                _present += 1
                _member = NarrativeStrategy._value2member_map_.get(strategy) if type(strategy) is str else None
                if _member is None:
                    strategy = UNSET if isinstance(strategy, Unset) else NarrativeStrategy(strategy)
                else:
                    strategy = _member

            number_of_chapters = d.get("number_of_chapters", UNSET)
            if number_of_chapters is not UNSET:
                _present += 1
                if type(number_of_chapters) is not int:
                    number_of_chapters = (
                        UNSET
                        if isinstance(number_of_chapters, Unset)
                        else read_int(number_of_chapters, "number_of_chapters")
                    )

            min_chapters = d.get("min_chapters", UNSET)
            if min_chapters is not UNSET:
                _present += 1
                if type(min_chapters) is not int:
                    min_chapters = UNSET if isinstance(min_chapters, Unset) else read_int(min_chapters, "min_chapters")

            max_chapters = d.get("max_chapters", UNSET)
            if max_chapters is not UNSET:
                _present += 1
                if type(max_chapters) is not int:
                    max_chapters = UNSET if isinstance(max_chapters, Unset) else read_int(max_chapters, "max_chapters")

            # What attrs' __init__ does for these classes (no validators, converters or hooks),
            # minus the call: slots assigned on a bare instance (named so that no field can shadow it).
            _instance = _new_object(cls)
            _instance.prompt = prompt
            _instance.strategy = strategy
            _instance.number_of_chapters = number_of_chapters
            _instance.min_chapters = min_chapters
            _instance.max_chapters = max_chapters
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
