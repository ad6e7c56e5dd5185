"""The core of frame extractions and segmentations: `JobKind` names what differs between
them, `SyncJobs` and `AsyncJobs` implement every operation once per flavour."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from .. import _constants as C
from .. import _validation as v
from .._pagination import AsyncPager, SyncPage
from .._runner import AsyncRunner, Call, PageRequest, SyncRunner
from .._waiting import WaitState
from ._base import Resource, camel, item_wait, precheck, settled
from ._pages import listing, nested, nested_pages, page_args

if TYPE_CHECKING:
    from .._download import DownloadResult, Options, Plan

J = TypeVar("J")  # the job model
L = TypeVar("L")  # its list item model
D = TypeVar("D")  # its delete answer
I = TypeVar("I")  # noqa: E741 - the items nested in a job (frames, segments)


@dataclass(frozen=True)
class JobKind:
    """What differs between frame extractions and segmentations."""

    package: str  # the generated API package, e.g. "frames"
    id_name: str  # the job's id field and parameter, e.g. "frame_extraction_id"
    get: str  # generated operation modules
    delete: str
    list: str
    model: str  # generated model names
    deleted: str
    listed: str
    items: str  # the key of the items nested in a job's `data`, e.g. "frames"
    count: str  # the job's field counting them, e.g. "frame_count"
    plan: Callable[[JobKind, Any, Options], Plan]  # what a download saves

    def module(self, name: str) -> ModuleType:
        """A generated operation module (imported on first use)."""
        return importlib.import_module(f"cloudglue_openapi.api.{self.package}.{name}")

    @staticmethod
    def model_class(name: str) -> type[Any]:
        """A generated model class."""
        from cloudglue_openapi import models

        return cast(type[Any], getattr(models, name))

    def get_call(self, job_id: object, limit: object = None, offset: object = None) -> Call[Any]:
        """GET one job with a page (`limit`, `offset`, checked against the contract) of items."""
        module = self.module(self.get)
        operation = camel(self.get)
        job = v.as_uuid(job_id, self.id_name)
        kwargs = {
            self.id_name: job,
            "limit": v.unset_if_none(v.checked(operation, "query.limit", limit)),
            "offset": v.unset_if_none(v.checked(operation, "query.offset", offset)),
        }
        return Call(module, self.model_class(self.model), kwargs, identity=(self.id_name, str(job)))

    def delete_call(self, job_id: object) -> Call[Any]:
        """DELETE one job."""
        job = v.as_uuid(job_id, self.id_name)
        model = self.model_class(self.deleted)
        return Call(self.module(self.delete), model, {self.id_name: job}, identity=("id", str(job)))

    def list_pages(self, file_id: object) -> PageRequest[Any]:
        """Pages of the jobs of one file."""
        fid = v.as_uuid(file_id, "file_id")
        return listing(self.module(self.list), self.model_class(self.listed), file_id=fid)

    def item_pages(self, job_id: object) -> PageRequest[Any]:
        """Pages of the items of one job, read out of `GET job?limit=&offset=`."""
        extract = functools.partial(nested, self.items, self.count)
        return nested_pages(self.get_call, extract, v.as_uuid(job_id, self.id_name))

    def download_plan(self, job: object, *args: object) -> tuple[Any, Plan]:
        """The job's id and what downloading it into `directory` saves, from `args` (directory,
        concurrency, overwrite, on_progress), all checked before any I/O."""
        from . import _images  # downloads load on first use

        job_id = _images.job_id(job, self.id_name, f"{self.id_name}_or_job")
        options = _images.options(*args)
        return job_id, self.plan(self, job_id, options)


class SyncJobs(Resource[SyncRunner], Generic[J, L, D, I]):
    """The job operations of `Cloudglue`, once for both kinds."""

    _kind: ClassVar[JobKind]

    def _create(self, call: Call[J], wait: bool, wait_timeout: float | None, on_update: Any) -> J:
        wait = precheck(wait, wait_timeout, on_update)
        job = self._r.run(call)
        if settled(job, wait, on_update):
            return job
        return self._wait(getattr(job, self._kind.id_name), wait_timeout, None, on_update)

    def _get(self, job_id: object, limit: int | None, offset: int | None) -> J:
        return cast(J, self._r.run(self._kind.get_call(job_id, limit, offset)))

    def _items(
        self, job_id: object, page_size: int, prefetch: int | None, wait: bool, on_update: Any
    ) -> SyncPage[I]:
        waits = item_wait(wait, on_update)
        pages = self._kind.item_pages(job_id)
        size, ahead = page_args(page_size, prefetch)
        before = (lambda: self._wait(job_id, None, None, on_update)) if waits else None
        return self._r.paginate(pages, size, ahead, before=before)

    def _list(self, file_id: object, page_size: int, prefetch: int | None) -> SyncPage[L]:
        return self._r.paginate(self._kind.list_pages(file_id), *page_args(page_size, prefetch))

    def _wait(
        self,
        job_id: object,
        timeout: float | None,
        poll_interval: float | None,
        on_update: Any,
        heartbeat: float | None = C.WAIT_HEARTBEAT,
    ) -> J:
        state = WaitState(timeout, poll_interval, on_update, heartbeat)
        return cast(J, self._r.wait(self._kind.get_call(job_id), state))

    def _download(self, job: object, wait: bool, *args: object) -> DownloadResult:
        from .._download_io import run_sync

        waits = v.flag(wait, "wait")
        job_id, plan = self._kind.download_plan(job, *args)
        before = (lambda: self._wait(job_id, None, None, None)) if waits else None
        return run_sync(self._r, plan, before)

    def _delete(self, job_id: object) -> D:
        return cast(D, self._r.run(self._kind.delete_call(job_id)))


class AsyncJobs(Resource[AsyncRunner], Generic[J, L, D, I]):
    """The job operations of `AsyncCloudglue`, once for both kinds."""

    _kind: ClassVar[JobKind]

    async def _create(
        self, call: Call[J], wait: bool, wait_timeout: float | None, on_update: Any
    ) -> J:
        wait = precheck(wait, wait_timeout, on_update)
        job = await self._r.run(call)
        if settled(job, wait, on_update):
            return job
        return await self._wait(getattr(job, self._kind.id_name), wait_timeout, None, on_update)

    async def _get(self, job_id: object, limit: int | None, offset: int | None) -> J:
        return cast(J, await self._r.run(self._kind.get_call(job_id, limit, offset)))

    def _items(
        self, job_id: object, page_size: int, prefetch: int | None, wait: bool, on_update: Any
    ) -> AsyncPager[I]:
        waits = item_wait(wait, on_update)
        pages = self._kind.item_pages(job_id)
        size, ahead = page_args(page_size, prefetch)
        before = (lambda: self._wait(job_id, None, None, on_update)) if waits else None
        return self._r.paginate(pages, size, ahead, before=before)

    def _list(self, file_id: object, page_size: int, prefetch: int | None) -> AsyncPager[L]:
        return self._r.paginate(self._kind.list_pages(file_id), *page_args(page_size, prefetch))

    async def _wait(
        self,
        job_id: object,
        timeout: float | None,
        poll_interval: float | None,
        on_update: Any,
        heartbeat: float | None = C.WAIT_HEARTBEAT,
    ) -> J:
        state = WaitState(timeout, poll_interval, on_update, heartbeat)
        return cast(J, await self._r.wait(self._kind.get_call(job_id), state))

    async def _download(self, job: object, wait: bool, *args: object) -> DownloadResult:
        from .._download_io import run_async

        waits = v.flag(wait, "wait")
        job_id, plan = self._kind.download_plan(job, *args)
        before = (lambda: self._wait(job_id, None, None, None)) if waits else None
        return await run_async(self._r, plan, before)

    async def _delete(self, job_id: object) -> D:
        return cast(D, await self._r.run(self._kind.delete_call(job_id)))
