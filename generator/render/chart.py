"""The distance-travelled chart: one layout of boxes and labels, drawn as SVG (PDF) or PNG (Word).

Small multiples: for each area and child, one column per item and one row per assessment. Each box
carries its level as a digit and is coloured by level, so the chart reads without colour, each item
keeps its place (its change reads straight down its column), and nothing is added into a score.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

FONT_FILE = "DejaVuSans.ttf"
FONT_BOLD_FILE = "DejaVuSans-Bold.ttf"


# The level digits drawn as strokes (centred on 0,0, ten units tall). WeasyPrint lays SVG text out one
# letter at a time, and a chart holds a couple of hundred digits: as paths they cost next to nothing.
# Each is a list of (command, points) so that it can be moved into place without an SVG transform.
DIGIT_PATHS = {
    "1": [("M", (-2, -3.2)), ("L", (0.6, -5)), ("L", (0.6, 5)), ("M", (-2.2, 5)), ("L", (3.2, 5))],
    "2": [("M", (-3, -2.6)), ("C", (-3, -5.6, 3, -5.6, 3, -2.6)), ("C", (3, 0, -3, 2, -3, 5)), ("L", (3.2, 5))],
    "3": [
        ("M", (-3, -3.8)),
        ("C", (-1.4, -5.8, 3, -5.2, 3, -2.6)),
        ("C", (3, -0.8, 1.4, -0.2, -0.6, -0.2)),
        ("C", (1.6, -0.2, 3.3, 0.8, 3.3, 2.6)),
        ("C", (3.3, 5.6, -1.4, 5.8, -3.2, 3.9)),
    ],
    "4": [("M", (1.6, 5)), ("L", (1.6, -5)), ("L", (-3.6, 2)), ("L", (3.6, 2))],
}
DIGIT_SCALE = 0.72
DIGIT_STROKE = 2.1 * DIGIT_SCALE


def _n(value: float) -> str:
    """A coordinate to two decimals, without trailing zeros: the SVG stays small and exact enough."""
    return f"{round(value, 2):g}"


def _digit(label: str, cx: float, cy: float) -> str:
    return "".join(
        command + ",".join(f"{_n(cx + DIGIT_SCALE * points[i])} {_n(cy + DIGIT_SCALE * points[i + 1])}" for i in range(0, len(points), 2))
        for command, points in DIGIT_PATHS[label]
    )


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str
    label: str = ""


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # the text's vertical middle
    text: str
    size: float = 10
    bold: bool = False
    anchor: str = "start"  # or "middle"


@dataclass(frozen=True)
class LevelKey:
    value: int
    name: str
    fill: str  # light tint, so a dark digit stays readable
    stroke: str


@dataclass(frozen=True)
class ChartData:
    """Small multiples: a panel per area and child, a column per item, a row per assessment."""

    children: tuple[str, ...]  # column headings
    assessments: tuple[str, ...]  # row labels within each area, oldest first
    areas: tuple[str, ...]
    items: tuple[tuple[str, ...], ...]  # each area's item codes, in toolkit order
    # (area index, assessment index, child index) -> each item's level, None where not rated or n/a
    levels: dict[tuple[int, int, int], tuple[int | None, ...]]
    keys: tuple[LevelKey, ...]
    empty_name: str = "not rated or n/a"  # the legend's words for an empty box, in the document's language


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    boxes: tuple[Box, ...]
    labels: tuple[Label, ...]


WIDTH = 640
LABEL_COLUMN = 58
UNIT = 22  # one item's box, at most: narrower when many children or items share the width
ROW = 15
GAP = 1
EMPTY_FILL, EMPTY_STROKE = "#ffffff", "#9e9e9e"


def layout(data: ChartData) -> Layout:
    """Each item keeps its own column in every panel, so one item's change reads straight down."""
    boxes: list[Box] = []
    labels: list[Label] = []
    # Legend: one box per level with its digit and name.
    x = y = 0.0
    entries = [(key.fill, key.stroke, str(key.value), key.name) for key in data.keys]
    entries.append((EMPTY_FILL, EMPTY_STROKE, "–", data.empty_name))
    for fill, stroke, mark, name in entries:
        width = UNIT + 5 + 4.8 * len(name) + 12  # Liberation or DejaVu Sans at 9 is under 4.8 units a letter
        if x and x + width > WIDTH:  # the key wraps rather than running off the chart
            x, y = 0.0, y + ROW + 2
        boxes.append(Box(x, y, UNIT, ROW - 2, fill, stroke, mark))
        labels.append(Label(x + UNIT + 5, y + (ROW - 2) / 2, name, 9))
        x += width
    y += ROW + 12
    column = (WIDTH - LABEL_COLUMN) / max(len(data.children), 1)
    longest = max((len(codes) for codes in data.items), default=1)
    unit = min(UNIT, (column - 10) / max(longest, 1))
    for c, child in enumerate(data.children):
        labels.append(Label(LABEL_COLUMN + c * column, y, child, 10.5, bold=True))
    y += ROW
    for a, area in enumerate(data.areas):
        labels.append(Label(0, y + 5, area, 9.5, bold=True))
        y += 11
        for c in range(len(data.children)):
            for i, code in enumerate(data.items[a]):
                labels.append(Label(LABEL_COLUMN + c * column + i * unit + (unit - 1) / 2, y + 3.5, code, 7, anchor="middle"))
        y += 8
        for s, assessment in enumerate(data.assessments):
            labels.append(Label(0, y + (ROW - 2) / 2, assessment, 8.5))
            for c in range(len(data.children)):
                for i, value in enumerate(data.levels.get((a, s, c), ())):
                    key = next((k for k in data.keys if k.value == value), None)
                    left = LABEL_COLUMN + c * column + i * unit
                    if key is None:
                        boxes.append(Box(left, y, unit, ROW - 2, EMPTY_FILL, EMPTY_STROKE, "–"))
                    else:
                        boxes.append(Box(left, y, unit, ROW - 2, key.fill, key.stroke, str(value)))
            y += ROW + GAP
        y += 4
    return Layout(WIDTH, y, tuple(boxes), tuple(labels))


def svg(chart: Layout, title: str, description: str, font: str) -> str:
    """Inline SVG for the HTML side; <title> and <desc> carry the text alternative.

    WeasyPrint's cost is per SVG element, so the boxes of one colour are one path of many rectangles
    and every digit is in one more path: a few elements instead of hundreds, drawn the same. Each box
    stays a closed rectangle of its own in the PDF, so PDF readers still find one rectangle per item.
    """
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {chart.width:g} {chart.height:g}" '
        f'width="100%" role="img" aria-labelledby="chart-title chart-desc" font-family="{escape(font)}, sans-serif">',
        f'<title id="chart-title">{escape(title)}</title><desc id="chart-desc">{escape(description)}</desc>',
    ]
    by_colour: dict[tuple[str, str], list[str]] = {}
    digits: list[str] = []
    texts: list[str] = []
    for b in chart.boxes:
        w = b.w - 1
        by_colour.setdefault((b.fill, b.stroke), []).append(f"M{_n(b.x)} {_n(b.y)}h{_n(w)}v{_n(b.h)}h{_n(-w)}z")
        if b.label in DIGIT_PATHS:
            digits.append(_digit(b.label, b.x + w / 2, b.y + b.h / 2))
        elif b.label:
            texts.append(f'<text x="{_n(b.x + w / 2)}" y="{_n(b.y + b.h / 2 + 3.5)}" font-size="10" font-weight="bold" text-anchor="middle">{escape(b.label)}</text>')
    for (fill, stroke), rects in by_colour.items():
        parts.append(f'<path d="{"".join(rects)}" fill="{fill}" stroke="{stroke}" stroke-width="0.8"/>')
    if digits:
        parts.append(
            f'<path d="{"".join(digits)}" fill="none" stroke="#000" stroke-width="{_n(DIGIT_STROKE)}" '
            'stroke-linecap="round" stroke-linejoin="round"/>'
        )
    parts += texts
    for t in chart.labels:
        weight = ' font-weight="bold"' if t.bold else ""
        anchor = ' text-anchor="middle"' if t.anchor == "middle" else ""
        parts.append(f'<text x="{t.x:g}" y="{t.y + t.size * 0.35:g}" font-size="{t.size:g}"{weight}{anchor}>{escape(t.text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


@lru_cache(maxsize=16)
def _font(size: float, bold: bool):
    from PIL import ImageFont

    try:
        return ImageFont.truetype(FONT_BOLD_FILE if bold else FONT_FILE, size)
    except OSError:  # no DejaVu on this machine: Pillow's own scalable font still draws every label
        return ImageFont.load_default(size)


def png(chart: Layout, scale: float = 2.0) -> bytes:
    """The same layout as a PNG for Word; drawn at twice the size so print stays sharp."""
    from PIL import Image, ImageDraw  # Pillow arrives with WeasyPrint; imported here so PDF-only runs skip it

    pad = 4
    image = Image.new("RGB", (round((chart.width + 2 * pad) * scale), round((chart.height + 2 * pad) * scale)), "white")
    draw = ImageDraw.Draw(image)

    def at(v: float) -> float:
        return (v + pad) * scale

    for b in chart.boxes:
        draw.rectangle((at(b.x), at(b.y), at(b.x + b.w - 1), at(b.y + b.h)), fill=b.fill, outline=b.stroke, width=max(1, round(0.8 * scale)))
        if b.label:
            draw.text((at(b.x + (b.w - 1) / 2), at(b.y + b.h / 2)), b.label, fill="black", font=_font(10 * scale, True), anchor="mm")
    for t in chart.labels:
        anchor = "mm" if t.anchor == "middle" else "lm"
        draw.text((at(t.x), at(t.y)), t.text, fill="black", font=_font(t.size * scale, t.bold), anchor=anchor)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()
