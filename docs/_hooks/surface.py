"""The public surface the reference documents, and what in it lacks a docstring.

The surface is what a user reaches: every name in `cloudglue_client.__all__`, the resource
classes behind `client.files`, `.frames`, `.segmentations`, `.segments` (sync, async and
`with_raw_response`), the emulator's `running()` and `RunningEmulator`, its pytest fixtures,
its clip helpers and the sample video. Each must have a docstring, and so must each public
method and property our packages define on those classes (attributes are listed in the
reference with their types; a class's docstring says what they hold). Generated models are
documented by their generator (from the spec's descriptions), so only their class docstring
is checked here.

Docstrings are read the way the reference reads them, with griffe (source, not imports):
a `#:` comment above an attribute counts (the griffe-sphinx extension), as it does in the
rendered reference.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import griffe

ROOT = Path(__file__).resolve().parents[2]
#: Where each package's source lives, as `make install` lays it out.
SEARCH_PATHS = [str(ROOT / d) for d in ("wrapper", "emulator", "generated")]
PACKAGES = ("cloudglue_client", "cloudglue_emulator", "cloudglue_openapi")
#: Packages whose classes must document every public member (the generated one is exempt).
OURS = ("cloudglue_client", "cloudglue_emulator")
PLUGIN = "cloudglue_emulator.pytest_plugin"
#: (module, names) on the surface besides `cloudglue_client.__all__` and the fixtures.
EXTRA = (
    ("cloudglue_client.resources.files", ("Files", "AsyncFiles", "FilesRaw", "AsyncFilesRaw")),
    ("cloudglue_client.resources.frames", ("Frames", "AsyncFrames", "FramesRaw", "AsyncFramesRaw")),
    (
        "cloudglue_client.resources.segmentations",
        ("Segmentations", "AsyncSegmentations", "SegmentationsRaw", "AsyncSegmentationsRaw"),
    ),
    (
        "cloudglue_client.resources.segments",
        ("Segments", "AsyncSegments", "SegmentsRaw", "AsyncSegmentsRaw"),
    ),
    ("cloudglue_client._client", ("CloudglueRaw", "AsyncCloudglueRaw")),
    ("cloudglue_emulator", ("running", "RunningEmulator")),
    ("cloudglue_emulator.testing", ("EmulatorStartError",)),
    ("cloudglue_emulator.clips", ("real_clip", "clip_info", "Clip", "ClipError")),
    ("cloudglue_emulator.media", ("make_sample", "SampleTruth")),
)


#: Public names whose docstring cannot be ours, and where the reference documents them instead.
EXEMPT = {
    "cloudglue_client.UNSET": "openapi-python-client's types module; see reference/models.md",
    "cloudglue_client.Unset": "openapi-python-client's types module; see reference/models.md",
}


def load() -> griffe.ModulesCollection:
    """Our three packages as griffe sees them, aliases resolved within them."""
    extensions = griffe.load_extensions("griffe_sphinx")
    loader = griffe.GriffeLoader(search_paths=SEARCH_PATHS, extensions=extensions)
    for package in PACKAGES:
        loader.load(package)
    loader.resolve_aliases(implicit=False, external=False)
    return loader.modules_collection


def fixtures() -> list[str]:
    """The pytest fixtures the plugin defines, in source order."""
    module = importlib.import_module(PLUGIN)
    return [
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and type(value).__name__ == "FixtureFunctionDefinition"
    ]


def public_names() -> list[str]:
    """Dotted paths of every public object, the package root's `__all__` first."""
    root = importlib.import_module("cloudglue_client")
    names = [f"cloudglue_client.{name}" for name in root.__all__ if name != "__version__"]
    for module, members in EXTRA:
        names += [f"{module}.{name}" for name in members]
    names += [f"{PLUGIN}.{name}" for name in fixtures()]
    return names


def _target(obj: griffe.Object | griffe.Alias) -> griffe.Object:
    return obj.final_target if isinstance(obj, griffe.Alias) else obj


def _members(cls: griffe.Class) -> Iterator[tuple[str, griffe.Object]]:
    for name, member in cls.all_members.items():
        if name.startswith("_"):
            continue
        target = _target(member)
        if target.kind is griffe.Kind.FUNCTION or "property" in target.labels:
            yield name, target


def missing_docstrings(collection: griffe.ModulesCollection | None = None) -> list[str]:
    """Dotted names on the public surface with no docstring (empty when all have one)."""
    col = collection or load()
    missing = []
    for path in public_names():
        if path in EXEMPT:
            continue
        obj = _target(col[path])
        if not (obj.docstring and obj.docstring.value.strip()):
            missing.append(path)
        if obj.kind is griffe.Kind.CLASS and obj.canonical_path.startswith(OURS):
            assert isinstance(obj, griffe.Class)
            for name, member in _members(obj):
                if not member.canonical_path.startswith(OURS):
                    continue  # inherited from the standard library or a dependency
                if not (member.docstring and member.docstring.value.strip()):
                    missing.append(f"{path}.{name}")
    return missing
