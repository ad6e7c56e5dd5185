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
    """GET one job with a page (`limit`, `offset`, checked against the contract) of its items."""
    operation = operation_id(module)
    return Call(
        module,
        model,
        {
            id_name: v.as_uuid(job_id, id_name),
            "limit": v.unset_if_none(v.checked(operation, "query.limit", limit)),
            "offset": v.unset_if_none(v.checked(operation, "query.offset", offset)),
        },
    )


def operation_id(module: ModuleType) -> str:
    """The spec's operationId of a generated API module (`get_frame_extraction` -> camelCase)."""
    first, *rest = module.__name__.rsplit(".", 1)[-1].split("_")
    return first + "".join(word.capitalize() for word in rest)


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
