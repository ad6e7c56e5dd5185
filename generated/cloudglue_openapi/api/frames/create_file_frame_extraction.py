from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.frame_extraction import FrameExtraction
from ...models.frame_extraction_config import FrameExtractionConfig
from ...types import Response


def _get_kwargs(
    file_id: UUID,
    *,
    body: FrameExtractionConfig,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/files/{file_id}/frames".format(
            file_id=quote(str(file_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | FrameExtraction | None:
    if response.status_code == 200:
        response_200 = FrameExtraction.from_dict(response.json())

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
) -> Response[Error | FrameExtraction]:
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
    body: FrameExtractionConfig,
) -> Response[Error | FrameExtraction]:
    """Start a frame extraction

     Starts sampling the file uniformly. Results are cached by the service: an identical
    config for the same file returns the same frame extraction (same id, possibly already
    `completed`).

    400 when the file is shorter than the requested range (the provider's words): when
    `start_time_seconds` (0 when left out) is at or after the end of the file, or
    `end_time_seconds` is after it. Also 400 for a file that cannot be processed: one
    whose `status` is `failed`, or an image (`media_type` `image`; images are supported
    at the file level only). The provider's reference states neither of these two; the
    emulator refuses them because there is nothing to sample.

    Args:
        file_id (UUID):
        body (FrameExtractionConfig): Configuration of a frame extraction; the body of the create
            call and its echo on the job.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FrameExtraction]
    """

    kwargs = _get_kwargs(
        file_id=file_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    file_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: FrameExtractionConfig,
) -> Error | FrameExtraction | None:
    """Start a frame extraction

     Starts sampling the file uniformly. Results are cached by the service: an identical
    config for the same file returns the same frame extraction (same id, possibly already
    `completed`).

    400 when the file is shorter than the requested range (the provider's words): when
    `start_time_seconds` (0 when left out) is at or after the end of the file, or
    `end_time_seconds` is after it. Also 400 for a file that cannot be processed: one
    whose `status` is `failed`, or an image (`media_type` `image`; images are supported
    at the file level only). The provider's reference states neither of these two; the
    emulator refuses them because there is nothing to sample.

    Args:
        file_id (UUID):
        body (FrameExtractionConfig): Configuration of a frame extraction; the body of the create
            call and its echo on the job.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | FrameExtraction
    """

    return sync_detailed(
        file_id=file_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    file_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: FrameExtractionConfig,
) -> Response[Error | FrameExtraction]:
    """Start a frame extraction

     Starts sampling the file uniformly. Results are cached by the service: an identical
    config for the same file returns the same frame extraction (same id, possibly already
    `completed`).

    400 when the file is shorter than the requested range (the provider's words): when
    `start_time_seconds` (0 when left out) is at or after the end of the file, or
    `end_time_seconds` is after it. Also 400 for a file that cannot be processed: one
    whose `status` is `failed`, or an image (`media_type` `image`; images are supported
    at the file level only). The provider's reference states neither of these two; the
    emulator refuses them because there is nothing to sample.

    Args:
        file_id (UUID):
        body (FrameExtractionConfig): Configuration of a frame extraction; the body of the create
            call and its echo on the job.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FrameExtraction]
    """

    kwargs = _get_kwargs(
        file_id=file_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    file_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: FrameExtractionConfig,
) -> Error | FrameExtraction | None:
    """Start a frame extraction

     Starts sampling the file uniformly. Results are cached by the service: an identical
    config for the same file returns the same frame extraction (same id, possibly already
    `completed`).

    400 when the file is shorter than the requested range (the provider's words): when
    `start_time_seconds` (0 when left out) is at or after the end of the file, or
    `end_time_seconds` is after it. Also 400 for a file that cannot be processed: one
    whose `status` is `failed`, or an image (`media_type` `image`; images are supported
    at the file level only). The provider's reference states neither of these two; the
    emulator refuses them because there is nothing to sample.

    Args:
        file_id (UUID):
        body (FrameExtractionConfig): Configuration of a frame extraction; the body of the create
            call and its echo on the job.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | FrameExtraction
    """

    return (
        await asyncio_detailed(
            file_id=file_id,
            client=client,
            body=body,
        )
    ).parsed
