from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.new_segmentation import NewSegmentation
from ...models.segmentation import Segmentation
from ...types import Response


def _get_kwargs(
    file_id: UUID,
    *,
    body: NewSegmentation,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/files/{file_id}/segmentations".format(
            file_id=quote(str(file_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | Segmentation | None:
    if response.status_code == 200:
        response_200 = Segmentation.from_dict(response.json())

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
) -> Response[Error | Segmentation]:
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
    body: NewSegmentation,
) -> Response[Error | Segmentation]:
    """Start a segmentation

     Starts cutting the file into segments. The service does not say whether identical
    requests are deduplicated.

    Send the config block that matches `strategy` (`uniform_config` for `uniform`,
    `shot_detector_config` for `shot-detector`, ...) and no other: a missing matching
    block, or a block of another strategy, is a 400 (a `null` block counts as not sent).
    The provider's reference says only to send the matching block.

    400 when the file is shorter than the window (the provider: "file duration is less
    than window size"): with `uniform`, `window_seconds` longer than the part of the file
    being cut (from `start_time_seconds` to `end_time_seconds`, else the whole file).
    Also 400, as for frame extractions, when the requested range starts at or after the
    end of the file or ends after it, and for a `failed` or image file; and when a manual
    range does not lie inside that part of the file (the provider's reference does not
    say; a range outside the file cannot be cut).

    The local emulator cannot run `narrative` (it needs the provider's model): there it
    is a 400 naming `strategy`.

    Args:
        file_id (UUID):
        body (NewSegmentation): Body of the create call; send only the block that matches
            `strategy`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Segmentation]
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
    body: NewSegmentation,
) -> Error | Segmentation | None:
    """Start a segmentation

     Starts cutting the file into segments. The service does not say whether identical
    requests are deduplicated.

    Send the config block that matches `strategy` (`uniform_config` for `uniform`,
    `shot_detector_config` for `shot-detector`, ...) and no other: a missing matching
    block, or a block of another strategy, is a 400 (a `null` block counts as not sent).
    The provider's reference says only to send the matching block.

    400 when the file is shorter than the window (the provider: "file duration is less
    than window size"): with `uniform`, `window_seconds` longer than the part of the file
    being cut (from `start_time_seconds` to `end_time_seconds`, else the whole file).
    Also 400, as for frame extractions, when the requested range starts at or after the
    end of the file or ends after it, and for a `failed` or image file; and when a manual
    range does not lie inside that part of the file (the provider's reference does not
    say; a range outside the file cannot be cut).

    The local emulator cannot run `narrative` (it needs the provider's model): there it
    is a 400 naming `strategy`.

    Args:
        file_id (UUID):
        body (NewSegmentation): Body of the create call; send only the block that matches
            `strategy`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Segmentation
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
    body: NewSegmentation,
) -> Response[Error | Segmentation]:
    """Start a segmentation

     Starts cutting the file into segments. The service does not say whether identical
    requests are deduplicated.

    Send the config block that matches `strategy` (`uniform_config` for `uniform`,
    `shot_detector_config` for `shot-detector`, ...) and no other: a missing matching
    block, or a block of another strategy, is a 400 (a `null` block counts as not sent).
    The provider's reference says only to send the matching block.

    400 when the file is shorter than the window (the provider: "file duration is less
    than window size"): with `uniform`, `window_seconds` longer than the part of the file
    being cut (from `start_time_seconds` to `end_time_seconds`, else the whole file).
    Also 400, as for frame extractions, when the requested range starts at or after the
    end of the file or ends after it, and for a `failed` or image file; and when a manual
    range does not lie inside that part of the file (the provider's reference does not
    say; a range outside the file cannot be cut).

    The local emulator cannot run `narrative` (it needs the provider's model): there it
    is a 400 naming `strategy`.

    Args:
        file_id (UUID):
        body (NewSegmentation): Body of the create call; send only the block that matches
            `strategy`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Segmentation]
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
    body: NewSegmentation,
) -> Error | Segmentation | None:
    """Start a segmentation

     Starts cutting the file into segments. The service does not say whether identical
    requests are deduplicated.

    Send the config block that matches `strategy` (`uniform_config` for `uniform`,
    `shot_detector_config` for `shot-detector`, ...) and no other: a missing matching
    block, or a block of another strategy, is a 400 (a `null` block counts as not sent).
    The provider's reference says only to send the matching block.

    400 when the file is shorter than the window (the provider: "file duration is less
    than window size"): with `uniform`, `window_seconds` longer than the part of the file
    being cut (from `start_time_seconds` to `end_time_seconds`, else the whole file).
    Also 400, as for frame extractions, when the requested range starts at or after the
    end of the file or ends after it, and for a `failed` or image file; and when a manual
    range does not lie inside that part of the file (the provider's reference does not
    say; a range outside the file cannot be cut).

    The local emulator cannot run `narrative` (it needs the provider's model): there it
    is a 400 naming `strategy`.

    Args:
        file_id (UUID):
        body (NewSegmentation): Body of the create call; send only the block that matches
            `strategy`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Segmentation
    """

    return (
        await asyncio_detailed(
            file_id=file_id,
            client=client,
            body=body,
        )
    ).parsed
