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


@dataclass(frozen=True)
class WordStyle:
    """The organisation's house style for Word: colours as #RRGGBB, and the font every style is set in.
    The defaults are the colours and font the built-in Word templates are drawn in."""

    primary: str = "#1F4E79"
    accent: str = "#D9E2F3"
    font: str = "Arial"


def template_file(roots: tuple[Path, ...], *parts: str) -> Path:
    """A template file from the first root that has it (a team's folder before the built-in one);
    the built-in path when none has it, so that a missing template is reported where it belongs."""
    for root in roots:
        path = root.joinpath(*parts)
        if path.is_file():
            return path
    return roots[-1].joinpath(*parts)
