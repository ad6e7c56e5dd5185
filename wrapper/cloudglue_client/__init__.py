"""Cloudglue client."""
