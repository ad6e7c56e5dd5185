from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.file import File
from ...models.file_update import FileUpdate
from ...types import Response


def _get_kwargs(
    file_id: str,
    *,
    body: FileUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/files/{file_id}".format(
            file_id=quote(str(file_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | File | None:
    if response.status_code == 200:
        response_200 = File.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | File]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    file_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: FileUpdate,
) -> Response[Error | File]:
    """Update a file

     Renames the file or sets its metadata; a field left out keeps its value. The
    provider's reference does not say whether `metadata` replaces the stored object or
    is merged into it; this contract reads it as a replacement (PUT), so send the whole
    object. The reference documents only 200 and 400; an unknown file is a 404 here, as
    on GET and DELETE.

    Args:
        file_id (str):
        body (FileUpdate): Body of a file update; a field left out keeps its value.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | File]
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
    file_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: FileUpdate,
) -> Error | File | None:
    """Update a file

     Renames the file or sets its metadata; a field left out keeps its value. The
    provider's reference does not say whether `metadata` replaces the stored object or
    is merged into it; this contract reads it as a replacement (PUT), so send the whole
    object. The reference documents only 200 and 400; an unknown file is a 404 here, as
    on GET and DELETE.

    Args:
        file_id (str):
        body (FileUpdate): Body of a file update; a field left out keeps its value.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | File
    """

    return sync_detailed(
        file_id=file_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    file_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: FileUpdate,
) -> Response[Error | File]:
    """Update a file

     Renames the file or sets its metadata; a field left out keeps its value. The
    provider's reference does not say whether `metadata` replaces the stored object or
    is merged into it; this contract reads it as a replacement (PUT), so send the whole
    object. The reference documents only 200 and 400; an unknown file is a 404 here, as
    on GET and DELETE.

    Args:
        file_id (str):
        body (FileUpdate): Body of a file update; a field left out keeps its value.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | File]
    """

    kwargs = _get_kwargs(
        file_id=file_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    file_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: FileUpdate,
) -> Error | File | None:
    """Update a file

     Renames the file or sets its metadata; a field left out keeps its value. The
    provider's reference does not say whether `metadata` replaces the stored object or
    is merged into it; this contract reads it as a replacement (PUT), so send the whole
    object. The reference documents only 200 and 400; an unknown file is a 404 here, as
    on GET and DELETE.

    Args:
        file_id (str):
        body (FileUpdate): Body of a file update; a field left out keeps its value.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | File
    """

    return (
        await asyncio_detailed(
            file_id=file_id,
            client=client,
            body=body,
        )
    ).parsed
