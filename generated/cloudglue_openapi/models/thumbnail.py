from __future__ import annotations

from binascii import unhexlify
from collections.abc import Iterable, Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    _UNKNOWN_SAFETY,
    UNSET,
    Unset,
    _from_bytes,
    _new_object,
    _set_uuid_int,
    _set_uuid_is_safe,
    read_float,
    read_str,
    read_uuid,
)

T = TypeVar("T", bound="Thumbnail")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS: frozenset[str] = frozenset(
    {
        "id",
        "url",
        "time",
        "segmentation_id",
        "segment_id",
        "type",
    }
)


@_attrs_define
class Thumbnail:
    """One thumbnail image.

    Attributes:
        id (UUID):
        url (str):
        time (float): Seconds from the start of the file.
        segmentation_id (UUID | Unset):
        segment_id (UUID | Unset):
        type_ (str | Unset): One or more of `segment`, `keyframe`, `file`, `frame`, comma-separated.
    """

    id: UUID
    url: str
    time: float
    segmentation_id: UUID | Unset = UNSET
    segment_id: UUID | Unset = UNSET
    type_: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        url = self.url

        time = self.time

        segmentation_id: str | Unset = UNSET
        if not isinstance(self.segmentation_id, Unset):
            segmentation_id = str(self.segmentation_id)

        segment_id: str | Unset = UNSET
        if not isinstance(self.segment_id, Unset):
            segment_id = str(self.segment_id)

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "url": url,
                "time": time,
            }
        )
        if segmentation_id is not UNSET:
            field_dict["segmentation_id"] = segmentation_id
        if segment_id is not UNSET:
            field_dict["segment_id"] = segment_id
        if type_ is not UNSET:
            field_dict["type"] = type_

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
            _present = 3
            id = d["id"]
            if type(id) is str and len(_digits := id.replace("-", "")) == 32:
                try:
                    _number = _from_bytes(unhexlify(_digits), "big")
                except ValueError:
                    id = read_uuid(id, "id")
                else:
                    id = _new_object(UUID)
                    _set_uuid_int(id, _number)
                    _set_uuid_is_safe(id, _UNKNOWN_SAFETY)
            else:
                id = read_uuid(id, "id")

            url = d["url"]
            if type(url) is not str:
                url = read_str(url, "url")

            time = d["time"]
            if type(time) is not float:
                time = read_float(time, "time")

            segmentation_id = d.get("segmentation_id", UNSET)
            if segmentation_id is not UNSET:
                _present += 1
                if type(segmentation_id) is str and len(_digits := segmentation_id.replace("-", "")) == 32:
                    try:
                        _number = _from_bytes(unhexlify(_digits), "big")
                    except ValueError:
                        segmentation_id = read_uuid(segmentation_id, "segmentation_id")
                    else:
                        segmentation_id = _new_object(UUID)
                        _set_uuid_int(segmentation_id, _number)
                        _set_uuid_is_safe(segmentation_id, _UNKNOWN_SAFETY)
                elif isinstance(segmentation_id, Unset):
                    segmentation_id = UNSET
                else:
                    segmentation_id = read_uuid(segmentation_id, "segmentation_id")

            segment_id = d.get("segment_id", UNSET)
            if segment_id is not UNSET:
                _present += 1
                if type(segment_id) is str and len(_digits := segment_id.replace("-", "")) == 32:
                    try:
                        _number = _from_bytes(unhexlify(_digits), "big")
                    except ValueError:
                        segment_id = read_uuid(segment_id, "segment_id")
                    else:
                        segment_id = _new_object(UUID)
                        _set_uuid_int(segment_id, _number)
                        _set_uuid_is_safe(segment_id, _UNKNOWN_SAFETY)
                elif isinstance(segment_id, Unset):
                    segment_id = UNSET
                else:
                    segment_id = read_uuid(segment_id, "segment_id")

            type_ = d.get("type", UNSET)
            if type_ is not UNSET:
                _present += 1
                if type(type_) is not str:
                    type_ = UNSET if isinstance(type_, Unset) else read_str(type_, "type")

            # What attrs' __init__ does for these classes (no validators, converters or hooks),
            # minus the call: slots assigned on a bare instance (named so that no field can shadow it).
            _instance = _new_object(cls)
            _instance.id = id
            _instance.url = url
            _instance.time = time
            _instance.segmentation_id = segmentation_id
            _instance.segment_id = segment_id
            _instance.type_ = type_
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
