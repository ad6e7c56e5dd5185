"""What an id parameter accepts: a str, a `uuid.UUID`, or the model that carries that id.

The aliases are public, for users' own annotations; models are imported only when one is passed.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from cloudglue_openapi.models import (
        File,
        FileSegment,
        FrameExtraction,
        FrameExtractionListItem,
        Segment,
        Segmentation,
        SegmentationListItem,
    )

# Union[...] rather than `|`: the model names are forward references (loaded lazily), and
# these aliases must also work at run time, e.g. in `FileRef | None`.
#: A file: its id (str or UUID) or a `File`.
FileRef = Union[str, uuid.UUID, "File"]
#: A frame extraction: its id or a `FrameExtraction` / `FrameExtractionListItem`.
FrameExtractionRef = Union[str, uuid.UUID, "FrameExtraction", "FrameExtractionListItem"]
#: A segmentation: its id or a `Segmentation` / `SegmentationListItem`.
SegmentationRef = Union[str, uuid.UUID, "Segmentation", "SegmentationListItem"]
#: A segment: its id or a `Segment` / `FileSegment`.
SegmentRef = Union[str, uuid.UUID, "Segment", "FileSegment"]

#: Argument name -> (model class name, attribute holding the id) of the models it accepts.
_CARRIERS: dict[str, tuple[tuple[str, str], ...]] = {
    "file_id": (("File", "id"),),
    "frame_extraction_id": (
        ("FrameExtraction", "frame_extraction_id"),
        ("FrameExtractionListItem", "frame_extraction_id"),
    ),
    "segmentation_id": (
        ("Segmentation", "segmentation_id"),
        ("SegmentationListItem", "segmentation_id"),
    ),
    "segment_ids[]": (("Segment", "id"), ("FileSegment", "id")),
    "segment_id": (("Segment", "id"), ("FileSegment", "id")),
}


def unwrap(value: object, name: str) -> object:
    """The id carried by `value` when it is a model `name` accepts; otherwise `value` itself."""
    if isinstance(value, str | uuid.UUID) or name not in _CARRIERS:
        return value
    from cloudglue_openapi import models

    for model, attr in _CARRIERS[name]:
        if isinstance(value, getattr(models, model)):
            return getattr(value, attr)
    return value


def accepted(name: str) -> str:
    """What `name` accepts, for a TypeError: `a str, UUID or File`."""
    kinds = ["a str", "UUID", *(model for model, _ in _CARRIERS.get(name, ()))]
    return ", ".join(kinds[:-1]) + " or " + kinds[-1]
