from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.thumbnail_list import ThumbnailList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    file_id: UUID,
    *,
    is_default: bool | Unset = UNSET,
    segmentation_id: UUID | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    type_: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["is_default"] = is_default

    json_segmentation_id: str | Unset = UNSET
    if not isinstance(segmentation_id, Unset):
        json_segmentation_id = str(segmentation_id)
    params["segmentation_id"] = json_segmentation_id

    params["limit"] = limit

    params["offset"] = offset

    params["type"] = type_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/files/{file_id}/thumbnails".format(
            file_id=quote(str(file_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ThumbnailList | None:
    if response.status_code == 200:
        response_200 = ThumbnailList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ThumbnailList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    file_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    is_default: bool | Unset = UNSET,
    segmentation_id: UUID | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    type_: str | Unset = UNSET,
) -> Response[Error | ThumbnailList]:
    """List the thumbnails of a file

     Every thumbnail of the file: its own, and those its segmentations and frame
    extractions rendered.

    Args:
        file_id (UUID):
        is_default (bool | Unset):
        segmentation_id (UUID | Unset):
        limit (int | Unset):
        offset (int | Unset):
        type_ (str | Unset): One or more ThumbnailKind values, comma-separated
            (`segment,keyframe`). The provider states the kinds in prose only; `x-comma-separated`
            (ours) names the enum that lists them, so clients and their type checkers know the values.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ThumbnailList]
    """

    kwargs = _get_kwargs(
        file_id=file_id,
        is_default=is_default,
        segmentation_id=segmentation_id,
        limit=limit,
        offset=offset,
        type_=type_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    file_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    is_default: bool | Unset = UNSET,
    segmentation_id: UUID | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    type_: str | Unset = UNSET,
) -> Error | ThumbnailList | None:
    """List the thumbnails of a file

     Every thumbnail of the file: its own, and those its segmentations and frame
    extractions rendered.

    Args:
        file_id (UUID):
        is_default (bool | Unset):
        segmentation_id (UUID | Unset):
        limit (int | Unset):
        offset (int | Unset):
        type_ (str | Unset): One or more ThumbnailKind values, comma-separated
            (`segment,keyframe`). The provider states the kinds in prose only; `x-comma-separated`
            (ours) names the enum that lists them, so clients and their type checkers know the values.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ThumbnailList
    """

    return sync_detailed(
        file_id=file_id,
        client=client,
        is_default=is_default,
        segmentation_id=segmentation_id,
        limit=limit,
        offset=offset,
        type_=type_,
    ).parsed


async def asyncio_detailed(
    file_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    is_default: bool | Unset = UNSET,
    segmentation_id: UUID | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    type_: str | Unset = UNSET,
) -> Response[Error | ThumbnailList]:
    """List the thumbnails of a file

     Every thumbnail of the file: its own, and those its segmentations and frame
    extractions rendered.

    Args:
        file_id (UUID):
        is_default (bool | Unset):
        segmentation_id (UUID | Unset):
        limit (int | Unset):
        offset (int | Unset):
        type_ (str | Unset): One or more ThumbnailKind values, comma-separated
            (`segment,keyframe`). The provider states the kinds in prose only; `x-comma-separated`
            (ours) names the enum that lists them, so clients and their type checkers know the values.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ThumbnailList]
    """

    kwargs = _get_kwargs(
        file_id=file_id,
        is_default=is_default,
        segmentation_id=segmentation_id,
        limit=limit,
        offset=offset,
        type_=type_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    file_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    is_default: bool | Unset = UNSET,
    segmentation_id: UUID | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    type_: str | Unset = UNSET,
) -> Error | ThumbnailList | None:
    """List the thumbnails of a file

     Every thumbnail of the file: its own, and those its segmentations and frame
    extractions rendered.

    Args:
        file_id (UUID):
        is_default (bool | Unset):
        segmentation_id (UUID | Unset):
        limit (int | Unset):
        offset (int | Unset):
        type_ (str | Unset): One or more ThumbnailKind values, comma-separated
            (`segment,keyframe`). The provider states the kinds in prose only; `x-comma-separated`
            (ours) names the enum that lists them, so clients and their type checkers know the values.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ThumbnailList
    """

    return (
        await asyncio_detailed(
            file_id=file_id,
            client=client,
            is_default=is_default,
            segmentation_id=segmentation_id,
            limit=limit,
            offset=offset,
            type_=type_,
        )
    ).parsed
