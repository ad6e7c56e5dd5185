from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.file_segment import FileSegment
from ...models.file_segment_update import FileSegmentUpdate
from ...types import UNSET, Response, Unset


def _get_kwargs(
    file_id: UUID,
    segment_id: UUID,
    *,
    body: FileSegmentUpdate | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/files/{file_id}/segments/{segment_id}".format(
            file_id=quote(str(file_id), safe=""),
            segment_id=quote(str(segment_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | FileSegment | None:
    if response.status_code == 200:
        response_200 = FileSegment.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | FileSegment]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    file_id: UUID,
    segment_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: FileSegmentUpdate | Unset = UNSET,
) -> Response[Error | FileSegment]:
    """Update a segment of a file

     Sets the segment's metadata. As for files, this contract reads `metadata` as a
    replacement of the stored object (the provider's reference does not say); a body
    without it changes nothing, and so does an empty body (the body is optional), with
    or without `Content-Type: application/json`.

    Args:
        file_id (UUID):
        segment_id (UUID):
        body (FileSegmentUpdate | Unset): Body of a segment update. The provider's reference
            writes it inline; it is named
            here so the generated model has a stable name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FileSegment]
    """

    kwargs = _get_kwargs(
        file_id=file_id,
        segment_id=segment_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    file_id: UUID,
    segment_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: FileSegmentUpdate | Unset = UNSET,
) -> Error | FileSegment | None:
    """Update a segment of a file

     Sets the segment's metadata. As for files, this contract reads `metadata` as a
    replacement of the stored object (the provider's reference does not say); a body
    without it changes nothing, and so does an empty body (the body is optional), with
    or without `Content-Type: application/json`.

    Args:
        file_id (UUID):
        segment_id (UUID):
        body (FileSegmentUpdate | Unset): Body of a segment update. The provider's reference
            writes it inline; it is named
            here so the generated model has a stable name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | FileSegment
    """

    return sync_detailed(
        file_id=file_id,
        segment_id=segment_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    file_id: UUID,
    segment_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: FileSegmentUpdate | Unset = UNSET,
) -> Response[Error | FileSegment]:
    """Update a segment of a file

     Sets the segment's metadata. As for files, this contract reads `metadata` as a
    replacement of the stored object (the provider's reference does not say); a body
    without it changes nothing, and so does an empty body (the body is optional), with
    or without `Content-Type: application/json`.

    Args:
        file_id (UUID):
        segment_id (UUID):
        body (FileSegmentUpdate | Unset): Body of a segment update. The provider's reference
            writes it inline; it is named
            here so the generated model has a stable name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FileSegment]
    """

    kwargs = _get_kwargs(
        file_id=file_id,
        segment_id=segment_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    file_id: UUID,
    segment_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: FileSegmentUpdate | Unset = UNSET,
) -> Error | FileSegment | None:
    """Update a segment of a file

     Sets the segment's metadata. As for files, this contract reads `metadata` as a
    replacement of the stored object (the provider's reference does not say); a body
    without it changes nothing, and so does an empty body (the body is optional), with
    or without `Content-Type: application/json`.

    Args:
        file_id (UUID):
        segment_id (UUID):
        body (FileSegmentUpdate | Unset): Body of a segment update. The provider's reference
            writes it inline; it is named
            here so the generated model has a stable name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | FileSegment
    """

    return (
        await asyncio_detailed(
            file_id=file_id,
            segment_id=segment_id,
            client=client,
            body=body,
        )
    ).parsed
