"""Renderers: a prepared context and a template in, document bytes out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ImageRef:
    """An image a template shows; each renderer turns it into its own kind of picture."""

    path: Path
    width_mm: float
    alt: str

    @property
    def src(self) -> str:
        return self.path.resolve().as_uri()
