"""A client library for accessing Cloudglue frames and segmentations API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
