"""Renderers: a prepared context and a template in, document bytes out."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ImageRef:
    """An image a template shows, from a file or from bytes made in memory (a PNG chart, say);
    each renderer turns it into its own kind of picture."""

    path: Path | None
    width_mm: float
    alt: str
    data: bytes | None = None
    media_type: str = "image/png"

    @property
    def src(self) -> str:
        if self.data is not None:
            return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"
        return self.path.resolve().as_uri()
