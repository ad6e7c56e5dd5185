"""The core of frame extractions and segmentations: `JobKind` names what differs between
them, `SyncJobs` and `AsyncJobs` implement the operations that wait once per flavour."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from .. import _validation as v
from .._pagination import AsyncPager, PageData, SyncPage
from .._runner import AsyncRunner, Call, PageRequest, SyncRunner
from .._waiting import WaitState
from ._base import Resource, camel, item_wait, listing, nested, page_args, precheck, settled

if TYPE_CHECKING:
    from .._download import DownloadResult, Options, Plan

J = TypeVar("J")  # the job model
D = TypeVar("D")  # its delete answer
I = TypeVar("I")  # noqa: E741 - the items nested in a job (frames, segments)


@dataclass(frozen=True)
class JobKind(Generic[J, D]):
    """What differs between frame extractions and segmentations. Operations and models are
    named after the job as the generated package names them: `frame_extraction` gives
    `get_frame_extraction`, `list_file_frame_extractions`, `FrameExtraction`,
    `FrameExtractionDelete` and the id `frame_extraction_id`."""

    name: str  # e.g. "frame_extraction"
    package: str  # the generated API package, e.g. "frames"
    key: str  # the key of the items nested in a job's `data`, e.g. "frames"
    count: str  # the job's field counting them, e.g. "frame_count"
    plan: Callable[[JobKind[Any, Any], Any, Options], Plan]  # what a download saves

    @property
    def id_name(self) -> str:
        return f"{self.name}_id"

    def _generated(self, operation: str, model: str) -> tuple[ModuleType, type[Any]]:
        """A generated operation module and model class (imported on first use)."""
        from cloudglue_openapi import models

        module = importlib.import_module(f"cloudglue_openapi.api.{self.package}.{operation}")
        return module, getattr(models, self.name.title().replace("_", "") + model)

    def get(self, job_id: object, limit: object = None, offset: object = None) -> Call[J]:
        """GET one job with a page (`limit`, `offset`, checked against the contract) of items."""
        operation = f"get_{self.name}"
        job = v.as_uuid(job_id, self.id_name)
        kwargs = {
            self.id_name: job,
            "limit": v.unset_if_none(v.checked(camel(operation), "query.limit", limit)),
            "offset": v.unset_if_none(v.checked(camel(operation), "query.offset", offset)),
        }
        return Call(*self._generated(operation, ""), kwargs, identity=(self.id_name, str(job)))

    def delete(self, job_id: object) -> Call[D]:
        """DELETE one job."""
        job = v.as_uuid(job_id, self.id_name)
        module, model = self._generated(f"delete_{self.name}", "Delete")
        return Call(module, model, {self.id_name: job}, identity=("id", str(job)))

    def jobs(self, file_id: object) -> PageRequest[Any]:
        """Pages of the jobs of one file."""
        fid = v.as_uuid(file_id, "file_id")
        return listing(*self._generated(f"list_file_{self.name}s", "List"), file_id=fid)

    def items(self, job_id: object) -> PageRequest[Any]:
        """Pages of a job's items from `GET job`, the pager's (checked) `limit` and `offset` set."""
        base = self.get(job_id)

        def request(offset: int, limit: int) -> tuple[Call[Any], Callable[[Any], PageData[Any]]]:
            call = replace(base, kwargs={**base.kwargs, "limit": limit, "offset": offset})
            return call, lambda job: nested(self.key, self.count, job, offset)

        return request

    def download_plan(self, job: object, *args: object) -> tuple[Any, Plan]:
        """The job's id and what `download(job, *args)` saves, all checked before any I/O."""
        from . import _images  # downloads load on first use

        job_id = v.as_uuid(job, f"{self.id_name}_or_job", self.id_name)
        return job_id, self.plan(self, job_id, _images.options(*args))


class SyncJobs(Resource[SyncRunner], Generic[J, I]):
    """The job operations of `Cloudglue` that wait, once for both kinds."""

    _kind: ClassVar[JobKind[Any, Any]]

    def _create(self, call: Call[J], wait: bool, wait_timeout: float | None, on_update: Any) -> J:
        wait = precheck(wait, wait_timeout, on_update)
        job = self._r.run(call)
        if settled(job, wait, on_update):
            return job
        return self._wait(getattr(job, self._kind.id_name), wait_timeout, None, on_update)

    def _items(
        self, job_id: object, page_size: int, prefetch: int | None, wait: bool, on_update: Any
    ) -> SyncPage[I]:
        waits = item_wait(wait, on_update)
        pages = self._kind.items(job_id)
        size, ahead = page_args(page_size, prefetch)
        before = (lambda: self._wait(job_id, None, None, on_update)) if waits else None
        return self._r.paginate(pages, size, ahead, before=before)

    def _wait(self, job_id: object, *settings: Any) -> J:
        """Wait for the job; `settings` are WaitState's (timeout, poll_interval, on_update...)."""
        state = WaitState(*settings)
        return cast(J, self._r.wait(self._kind.get(job_id), state))

    def _download(self, job: object, wait: bool, *args: object) -> DownloadResult:
        from .._download_io import run_sync

        waits = v.flag(wait, "wait")
        job_id, plan = self._kind.download_plan(job, *args)
        before = (lambda: self._wait(job_id, None, None, None)) if waits else None
        return run_sync(self._r, plan, before)


class AsyncJobs(Resource[AsyncRunner], Generic[J, I]):
    """The job operations of `AsyncCloudglue` that wait, once for both kinds."""

    _kind: ClassVar[JobKind[Any, Any]]

    async def _create(
        self, call: Call[J], wait: bool, wait_timeout: float | None, on_update: Any
    ) -> J:
        wait = precheck(wait, wait_timeout, on_update)
        job = await self._r.run(call)
        if settled(job, wait, on_update):
            return job
        return await self._wait(getattr(job, self._kind.id_name), wait_timeout, None, on_update)

    def _items(
        self, job_id: object, page_size: int, prefetch: int | None, wait: bool, on_update: Any
    ) -> AsyncPager[I]:
        waits = item_wait(wait, on_update)
        pages = self._kind.items(job_id)
        size, ahead = page_args(page_size, prefetch)
        before = (lambda: self._wait(job_id, None, None, on_update)) if waits else None
        return self._r.paginate(pages, size, ahead, before=before)

    async def _wait(self, job_id: object, *settings: Any) -> J:
        """Wait for the job; `settings` are WaitState's (timeout, poll_interval, on_update...)."""
        state = WaitState(*settings)
        return cast(J, await self._r.wait(self._kind.get(job_id), state))

    async def _download(self, job: object, wait: bool, *args: object) -> DownloadResult:
        from .._download_io import run_async

        waits = v.flag(wait, "wait")
        job_id, plan = self._kind.download_plan(job, *args)
        before = (lambda: self._wait(job_id, None, None, None)) if waits else None
        return await run_async(self._r, plan, before)
