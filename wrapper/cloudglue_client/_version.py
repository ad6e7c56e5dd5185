"""The version of the `cloudglue-client` distribution: the one place it is written.

The build reads it from here (hatch's dynamic version), the package exports it as
`cloudglue_client.__version__`, and both commands' `--version` and the User-Agent use it.
"""

__version__ = "0.1.0"
