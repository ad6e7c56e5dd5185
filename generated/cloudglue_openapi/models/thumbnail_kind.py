from enum import StrEnum


class ThumbnailKind(StrEnum):
    """Values of `ThumbnailKind`; a value unknown to this client is kept, not rejected."""

    FILE = "file"
    FRAME = "frame"
    KEYFRAME = "keyframe"
    SEGMENT = "segment"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "ThumbnailKind | None":
        # A server may add values after this client was generated: keep them as pseudo-members
        # that carry the wire string, instead of failing to parse the whole response.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    @property
    def is_unknown(self) -> bool:
        """True when the server sent a value this client version does not know."""
        return self._value_ not in type(self)._value2member_map_
