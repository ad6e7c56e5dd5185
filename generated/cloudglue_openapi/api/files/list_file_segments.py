from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.file_segment_list_response import FileSegmentListResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    file_id: UUID,
    *,
    start_time_after: float | Unset = UNSET,
    end_time_before: float | Unset = UNSET,
    min_duration: float | Unset = UNSET,
    max_duration: float | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["start_time_after"] = start_time_after

    params["end_time_before"] = end_time_before

    params["min_duration"] = min_duration

    params["max_duration"] = max_duration

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/files/{file_id}/segments".format(
            file_id=quote(str(file_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | FileSegmentListResponse | None:
    if response.status_code == 200:
        response_200 = FileSegmentListResponse.from_dict(response.json())

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
) -> Response[Error | FileSegmentListResponse]:
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
    start_time_after: float | Unset = UNSET,
    end_time_before: float | Unset = UNSET,
    min_duration: float | Unset = UNSET,
    max_duration: float | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
) -> Response[Error | FileSegmentListResponse]:
    """List the segments of a file

     The segments of the file's segmentations, each naming its `segmentation_id`, in an
    order the provider does not state. `start_time_after` and `end_time_before` keep the
    segments inside a time window, `min_duration` and `max_duration` those whose length
    (`end_time - start_time`) is within bounds. The provider's reference says only
    "filter by start time" and "by end time"; this contract reads all four as inclusive
    (`start_time >= start_time_after`, `end_time <= end_time_before`), so that
    `start_time_after=0` keeps a segment that starts at 0. A window that is empty
    (`start_time_after >= end_time_before`) or bounds that cross (`min_duration >
    max_duration`) are a 400, as the reference says.

    Args:
        file_id (UUID):
        start_time_after (float | Unset):
        end_time_before (float | Unset):
        min_duration (float | Unset):
        max_duration (float | Unset):
        limit (int | Unset):
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FileSegmentListResponse]
    """

    kwargs = _get_kwargs(
        file_id=file_id,
        start_time_after=start_time_after,
        end_time_before=end_time_before,
        min_duration=min_duration,
        max_duration=max_duration,
        limit=limit,
        offset=offset,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    file_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    start_time_after: float | Unset = UNSET,
    end_time_before: float | Unset = UNSET,
    min_duration: float | Unset = UNSET,
    max_duration: float | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
) -> Error | FileSegmentListResponse | None:
    """List the segments of a file

     The segments of the file's segmentations, each naming its `segmentation_id`, in an
    order the provider does not state. `start_time_after` and `end_time_before` keep the
    segments inside a time window, `min_duration` and `max_duration` those whose length
    (`end_time - start_time`) is within bounds. The provider's reference says only
    "filter by start time" and "by end time"; this contract reads all four as inclusive
    (`start_time >= start_time_after`, `end_time <= end_time_before`), so that
    `start_time_after=0` keeps a segment that starts at 0. A window that is empty
    (`start_time_after >= end_time_before`) or bounds that cross (`min_duration >
    max_duration`) are a 400, as the reference says.

    Args:
        file_id (UUID):
        start_time_after (float | Unset):
        end_time_before (float | Unset):
        min_duration (float | Unset):
        max_duration (float | Unset):
        limit (int | Unset):
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | FileSegmentListResponse
    """

    return sync_detailed(
        file_id=file_id,
        client=client,
        start_time_after=start_time_after,
        end_time_before=end_time_before,
        min_duration=min_duration,
        max_duration=max_duration,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    file_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    start_time_after: float | Unset = UNSET,
    end_time_before: float | Unset = UNSET,
    min_duration: float | Unset = UNSET,
    max_duration: float | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
) -> Response[Error | FileSegmentListResponse]:
    """List the segments of a file

     The segments of the file's segmentations, each naming its `segmentation_id`, in an
    order the provider does not state. `start_time_after` and `end_time_before` keep the
    segments inside a time window, `min_duration` and `max_duration` those whose length
    (`end_time - start_time`) is within bounds. The provider's reference says only
    "filter by start time" and "by end time"; this contract reads all four as inclusive
    (`start_time >= start_time_after`, `end_time <= end_time_before`), so that
    `start_time_after=0` keeps a segment that starts at 0. A window that is empty
    (`start_time_after >= end_time_before`) or bounds that cross (`min_duration >
    max_duration`) are a 400, as the reference says.

    Args:
        file_id (UUID):
        start_time_after (float | Unset):
        end_time_before (float | Unset):
        min_duration (float | Unset):
        max_duration (float | Unset):
        limit (int | Unset):
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FileSegmentListResponse]
    """

    kwargs = _get_kwargs(
        file_id=file_id,
        start_time_after=start_time_after,
        end_time_before=end_time_before,
        min_duration=min_duration,
        max_duration=max_duration,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    file_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    start_time_after: float | Unset = UNSET,
    end_time_before: float | Unset = UNSET,
    min_duration: float | Unset = UNSET,
    max_duration: float | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
) -> Error | FileSegmentListResponse | None:
    """List the segments of a file

     The segments of the file's segmentations, each naming its `segmentation_id`, in an
    order the provider does not state. `start_time_after` and `end_time_before` keep the
    segments inside a time window, `min_duration` and `max_duration` those whose length
    (`end_time - start_time`) is within bounds. The provider's reference says only
    "filter by start time" and "by end time"; this contract reads all four as inclusive
    (`start_time >= start_time_after`, `end_time <= end_time_before`), so that
    `start_time_after=0` keeps a segment that starts at 0. A window that is empty
    (`start_time_after >= end_time_before`) or bounds that cross (`min_duration >
    max_duration`) are a 400, as the reference says.

    Args:
        file_id (UUID):
        start_time_after (float | Unset):
        end_time_before (float | Unset):
        min_duration (float | Unset):
        max_duration (float | Unset):
        limit (int | Unset):
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | FileSegmentListResponse
    """

    return (
        await asyncio_detailed(
            file_id=file_id,
            client=client,
            start_time_after=start_time_after,
            end_time_before=end_time_before,
            min_duration=min_duration,
            max_duration=max_duration,
            limit=limit,
            offset=offset,
        )
    ).parsed
