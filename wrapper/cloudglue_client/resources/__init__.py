"""API resources: files, frames and segmentations, each in a sync and an async flavour."""
