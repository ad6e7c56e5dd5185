"""A local emulator of the Cloudglue files, frames and segmentations API (`openapi.yaml`).

It is a real server: uploads are stored and probed, frames are decoded and sampled, shots are
detected with PySceneDetect, thumbnails are real JPEGs, and state lives in SQLite, so nothing is
lost across a restart (even `kill -9`).

Run it::

    cloudglue-emulator serve [--port N|0] [--data-dir DIR] [--api-key KEY] [--latency-ms N] ...
    python -m cloudglue_emulator serve ...

`cloudglue-emulator serve --help` lists every option with its default (and each fault setting
with its bounds: they come from one table, `settings.FaultSettings`). It prints
`export CLOUDGLUE_BASE_URL=http://HOST:PORT/v1` and `export CLOUDGLUE_API_KEY=...` (one line
each, so `eval "$(...)"`-style shell use works).
`GET /healthz` answers without auth once it is ready. In tests, use `running()` (a subprocess;
`from cloudglue_emulator import running`) or `app.create_app(settings)` with
`httpx.ASGITransport` (in process; give the client a loopback base URL such as
`http://localhost`, or list its host in `Settings.allowed_hosts`, since other `Host` values
are refused).

Choices where the provider's behaviour is unknown or unspecified:

- Defaults: loopback only; data dir `$XDG_CACHE_HOME/cloudglue-emulator` (else
  `~/.cache/cloudglue-emulator`); key `settings.DEFAULT_API_KEY`. Inputs a request omits
  (job config fields: frames per second, max width, thumbnails, the shot detector's
  threshold, min and max seconds and gap filling, keyframe width; a page's `limit` and
  `offset`; the order of GET /files) get the provider's documented defaults, which
  openapi.yaml states as `x-server-default` and the emulator reads with
  `validation.server_default`; hop_seconds defaults to window_seconds.
- `created_at` (files and jobs) is an integer in milliseconds since the epoch.
- `created_after=D` and `created_before=D` (GET /files) compare `created_at` with D's midnight
  UTC: files created on D are kept by `created_after=D` and dropped by `created_before=D`
  (openapi.yaml says "after" and "before this UTC date", not on which side D's own fall).
- The `limit` of a list envelope is the requested (or default) limit, not the count returned.
- Frame extractions are deduplicated: an identical normalized config for the same file returns
  the existing job (unless it failed). Segmentations are not deduplicated.
- Jobs may be created while their file is still `pending`/`processing` (the upload is probed
  before it is acknowledged, so the duration is known); a `failed` file is a 400.
- A `file_id` that is not a uuid is answered like an unknown one: 404 on every operation (the
  one answer openapi.yaml documents for all of them).
- A failed job or file carries its reason in an extra `error` field.
- A file's segments (GET /files/{id}/segments) are those of its completed segmentations, in
  time order (start, end, then oldest segmentation first); the time and duration filters
  are inclusive, durations compared to the microsecond (segment times are stored rounded to
  it). A file's thumbnails are its own and those its jobs rendered, in time order.
- Updates (PUT /files/{id}, PUT /files/{id}/segments/{id}) replace `metadata` as a whole;
  a field left out keeps its value; a segment update with an empty body changes nothing.
- Frames: frame at t is the last frame with pts <= t and its `timestamp` is t. Segment
  thumbnails show the segment's midpoint; keyframes are evenly spaced inside each segment.
- `narrative` segmentation is a 400 (it needs the hosted model).
- A job makes at most `Settings.max_job_results` (`--max-job-results`, default 100000) frames,
  segments, shots or thumbnails: a create asking for more is a 400 naming the field, before
  any work (a 2 KB upload may claim to last hours); a shot-detector job, whose count is known
  only once detected, fails with the reason.
- Faults: `/v1` requests get the latency, then maybe an injected 429/503 (with `Retry-After`)
  decided before the route runs, so an injected error changes nothing. `GET/PUT
  /_emulator/faults` (bearer) reads and changes them at run time. Auth is checked after faults.
- Thumbnails are served at `/thumbnails/<uuid4 hex>.jpg` without auth, looked up in the
  database; client-supplied file names are display metadata only.
- A full data dir during an upload is a 507 (not in the provider's reference); a DELETE then
  still works: it frees the stored data before writing the delete (`deletion`). Only `Host`
  values the server was started for are answered (loopback names, the bound address, the
  `--public-url` host, `--allowed-host`), others get a 400 (DNS rebinding).
- A request body must arrive within `Settings.body_timeout_seconds` (`--body-timeout-seconds`)
  of its first read: a client that stalls or trickles gets a 408 with `Connection: close`, and
  a partial upload is removed (`body_deadline`).
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .testing import RunningEmulator, running

__all__ = ["RunningEmulator", "running"]


def __getattr__(name: str) -> Any:
    """`running` and `RunningEmulator`, imported on first use: importing the server (or any
    module of this package) does not load the testing helpers, httpx or the client."""
    if name in __all__:
        from . import testing

        return getattr(testing, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
