import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.file_list import FileList
from ...models.file_status import FileStatus
from ...models.list_files_order import ListFilesOrder
from ...models.list_files_sort import ListFilesSort
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: FileStatus | Unset = UNSET,
    created_before: datetime.date | Unset = UNSET,
    created_after: datetime.date | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    order: ListFilesOrder | Unset = UNSET,
    sort: ListFilesSort | Unset = UNSET,
    filter_: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_created_before: str | Unset = UNSET
    if not isinstance(created_before, Unset):
        json_created_before = created_before.isoformat()
    params["created_before"] = json_created_before

    json_created_after: str | Unset = UNSET
    if not isinstance(created_after, Unset):
        json_created_after = created_after.isoformat()
    params["created_after"] = json_created_after

    params["limit"] = limit

    params["offset"] = offset

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

    params["filter"] = filter_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/files",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | FileList | None:
    if response.status_code == 200:
        response_200 = FileList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | FileList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: FileStatus | Unset = UNSET,
    created_before: datetime.date | Unset = UNSET,
    created_after: datetime.date | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    order: ListFilesOrder | Unset = UNSET,
    sort: ListFilesSort | Unset = UNSET,
    filter_: str | Unset = UNSET,
) -> Response[Error | FileList]:
    """List files

    Args:
        status (FileStatus | Unset): Processing status of an uploaded file.
        created_before (datetime.date | Unset):
        created_after (datetime.date | Unset):
        limit (int | Unset):
        offset (int | Unset):
        order (ListFilesOrder | Unset):
        sort (ListFilesSort | Unset):
        filter_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FileList]
    """

    kwargs = _get_kwargs(
        status=status,
        created_before=created_before,
        created_after=created_after,
        limit=limit,
        offset=offset,
        order=order,
        sort=sort,
        filter_=filter_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    status: FileStatus | Unset = UNSET,
    created_before: datetime.date | Unset = UNSET,
    created_after: datetime.date | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    order: ListFilesOrder | Unset = UNSET,
    sort: ListFilesSort | Unset = UNSET,
    filter_: str | Unset = UNSET,
) -> Error | FileList | None:
    """List files

    Args:
        status (FileStatus | Unset): Processing status of an uploaded file.
        created_before (datetime.date | Unset):
        created_after (datetime.date | Unset):
        limit (int | Unset):
        offset (int | Unset):
        order (ListFilesOrder | Unset):
        sort (ListFilesSort | Unset):
        filter_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | FileList
    """

    return sync_detailed(
        client=client,
        status=status,
        created_before=created_before,
        created_after=created_after,
        limit=limit,
        offset=offset,
        order=order,
        sort=sort,
        filter_=filter_,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: FileStatus | Unset = UNSET,
    created_before: datetime.date | Unset = UNSET,
    created_after: datetime.date | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    order: ListFilesOrder | Unset = UNSET,
    sort: ListFilesSort | Unset = UNSET,
    filter_: str | Unset = UNSET,
) -> Response[Error | FileList]:
    """List files

    Args:
        status (FileStatus | Unset): Processing status of an uploaded file.
        created_before (datetime.date | Unset):
        created_after (datetime.date | Unset):
        limit (int | Unset):
        offset (int | Unset):
        order (ListFilesOrder | Unset):
        sort (ListFilesSort | Unset):
        filter_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FileList]
    """

    kwargs = _get_kwargs(
        status=status,
        created_before=created_before,
        created_after=created_after,
        limit=limit,
        offset=offset,
        order=order,
        sort=sort,
        filter_=filter_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    status: FileStatus | Unset = UNSET,
    created_before: datetime.date | Unset = UNSET,
    created_after: datetime.date | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    order: ListFilesOrder | Unset = UNSET,
    sort: ListFilesSort | Unset = UNSET,
    filter_: str | Unset = UNSET,
) -> Error | FileList | None:
    """List files

    Args:
        status (FileStatus | Unset): Processing status of an uploaded file.
        created_before (datetime.date | Unset):
        created_after (datetime.date | Unset):
        limit (int | Unset):
        offset (int | Unset):
        order (ListFilesOrder | Unset):
        sort (ListFilesSort | Unset):
        filter_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | FileList
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            created_before=created_before,
            created_after=created_after,
            limit=limit,
            offset=offset,
            order=order,
            sort=sort,
            filter_=filter_,
        )
    ).parsed
