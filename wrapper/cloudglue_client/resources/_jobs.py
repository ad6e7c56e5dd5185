"""Calls that frame extractions and segmentations share in shape: get, delete, list a file's."""

from __future__ import annotations

from types import ModuleType
from typing import Any, TypeVar

from .. import _validation as v
from .._calls import Call
from ._base import PageRequest
from ._pages import envelope_pages

J = TypeVar("J")


def get_call(
    module: ModuleType, model: type[J], id_name: str, job_id: object, limit: object, offset: object
) -> Call[J]:
    """GET one job with a page (`limit` 1..100, `offset` >= 0) of its items."""
    return Call(
        module,
        model,
        {
            id_name: v.as_uuid(job_id, id_name),
            "limit": v.unset_if_none(v.optional_integer(limit, "limit", minimum=1, maximum=100)),
            "offset": v.unset_if_none(v.optional_integer(offset, "offset", minimum=0)),
        },
    )


def delete_call(module: ModuleType, model: type[J], id_name: str, job_id: object) -> Call[J]:
    """DELETE one job."""
    return Call(module, model, {id_name: v.as_uuid(job_id, id_name)})


def file_jobs_pages(
    module: ModuleType, model: type[Any], file_id: object, operation: str
) -> PageRequest[Any]:
    """Pages of the jobs of one file (`GET /files/{file_id}/...`)."""
    fid = v.as_uuid(file_id, "file_id")
    return envelope_pages(
        lambda offset, limit: Call(
            module, model, {"file_id": fid, "limit": limit, "offset": offset}
        ),
        operation,
    )
