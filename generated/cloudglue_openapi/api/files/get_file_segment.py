from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.file_segment import FileSegment
from ...types import Response


def _get_kwargs(
    file_id: UUID,
    segment_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/files/{file_id}/segments/{segment_id}".format(
            file_id=quote(str(file_id), safe=""),
            segment_id=quote(str(segment_id), safe=""),
        ),
    }

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
) -> Response[Error | FileSegment]:
    """Get a segment of a file

    Args:
        file_id (UUID):
        segment_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FileSegment]
    """

    kwargs = _get_kwargs(
        file_id=file_id,
        segment_id=segment_id,
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
) -> Error | FileSegment | None:
    """Get a segment of a file

    Args:
        file_id (UUID):
        segment_id (UUID):

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
    ).parsed


async def asyncio_detailed(
    file_id: UUID,
    segment_id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | FileSegment]:
    """Get a segment of a file

    Args:
        file_id (UUID):
        segment_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FileSegment]
    """

    kwargs = _get_kwargs(
        file_id=file_id,
        segment_id=segment_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    file_id: UUID,
    segment_id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Error | FileSegment | None:
    """Get a segment of a file

    Args:
        file_id (UUID):
        segment_id (UUID):

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
        )
    ).parsed
