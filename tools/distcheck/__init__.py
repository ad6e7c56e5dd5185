"""Checks of what we ship, as a user installs it: `python -m tools.distcheck STEP`.

Steps (each a make target, all run by `make test`):

- `build`: wheel and sdist into a directory, `twine check --strict`, and our own metadata
  rules (every package has `py.typed`, ranges instead of pins, one version everywhere).
- `installed`: the wheel in a fresh virtualenv outside the repository, first without extras
  (the emulator must say which extra is missing), then with `[emulator]`; a user program runs
  against the emulator from a temporary directory and passes `mypy --strict`.
- `lowest`: the lowest declared versions of the runtime dependencies and of the extra: the
  unit tests and the same user program.
- `resolve`: `pip install --dry-run` of `[emulator]` beside older numpy, Pillow and OpenCV.
- `lock`: re-resolve constraints.txt (the repository's pinned environment) from the ranges.

Wheels are kept in a wheelhouse outside the checkout (~/.cache/cloudglue-client-dev, or
$CLOUDGLUE_WHEELHOUSE), so later runs and fresh clones on the same machine install offline.
"""
