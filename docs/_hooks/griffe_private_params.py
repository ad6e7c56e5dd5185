"""A griffe extension: leave parameters whose name starts with `_` out of the reference.

They are the clients' internals (how `with_options` copies share their connections), not
arguments a user passes; the signature shown should be the one to use.
"""

from __future__ import annotations

from typing import Any

import griffe


class HidePrivateParameters(griffe.Extension):
    """Drop `_name` parameters from every function and method signature."""

    def on_function_instance(self, *, func: griffe.Function, **kwargs: Any) -> None:
        """Called by griffe for every function it loads."""
        private = [p.name for p in func.parameters if p.name.startswith("_")]
        for name in private:
            del func.parameters[name]
