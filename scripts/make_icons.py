"""Draw the app icons (a footprint on teal) as PNGs, with nothing but the standard library.

Why a script and not image files from a design tool: the icons stay reproducible
and reviewable as code, and no imaging library is needed on any machine. The
PNGs it writes are committed under ``static/icons/``; run it again only to
change the design: ``python scripts/make_icons.py`` (a development tool, so it
lives outside the ``tracker`` package that is installed and shipped).
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

ICON_DIR = Path(__file__).resolve().parents[1] / "static" / "icons"

TEAL = (11, 107, 99)
PAPER = (246, 247, 245)

# Ellipses (cx, cy, rx, ry) in a unit square: heel and ball of a right foot, then the toes.
HEEL = (0.43, 0.71, 0.12, 0.145)
BALL = (0.48, 0.48, 0.155, 0.16)
TOES = (
    (0.415, 0.245, 0.06, 0.066),
    (0.525, 0.225, 0.044, 0.049),
    (0.615, 0.25, 0.038, 0.042),
    (0.688, 0.295, 0.033, 0.036),
    (0.745, 0.355, 0.028, 0.03),
)


def _ellipse_distance(x: float, y: float, shape: tuple[float, float, float, float]) -> float:
    """An approximate signed distance (negative inside): good enough for anti-aliasing."""
    cx, cy, rx, ry = shape
    return (math.hypot((x - cx) / rx, (y - cy) / ry) - 1.0) * min(rx, ry)


def _smooth_union(a: float, b: float, k: float) -> float:
    """Blends heel and ball into one sole instead of two touching blobs."""
    h = max(k - abs(a - b), 0.0) / k
    return min(a, b) - h * h * k / 4


def _foot_distance(x: float, y: float) -> float:
    sole = _smooth_union(_ellipse_distance(x, y, HEEL), _ellipse_distance(x, y, BALL), 0.12)
    return min(sole, *(_ellipse_distance(x, y, toe) for toe in TOES))


def _rounded_square_distance(x: float, y: float, radius: float) -> float:
    qx = abs(x - 0.5) - (0.5 - radius)
    qy = abs(y - 0.5) - (0.5 - radius)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    return outside + min(max(qx, qy), 0.0) - radius


def _coverage(distance: float, pixel: float) -> float:
    return min(1.0, max(0.0, 0.5 - distance / pixel))


def render(size: int, maskable: bool) -> bytes:
    """RGBA rows: a maskable icon fills the square and keeps the foot in the safe circle."""
    pixel = 1.0 / size
    scale = 0.72 if maskable else 0.86
    rows = bytearray()
    for row in range(size):
        rows.append(0)  # PNG filter type: none
        y = (row + 0.5) * pixel
        for col in range(size):
            x = (col + 0.5) * pixel
            fx, fy = 0.5 + (x - 0.5) / scale, 0.5 + (y - 0.5) / scale
            foot = _foot_distance(fx, fy) * scale
            ink = _coverage(foot, pixel)
            alpha = 1.0 if maskable else _coverage(_rounded_square_distance(x, y, 0.22), pixel)
            rgb = (round(t + (p - t) * ink) for t, p in zip(TEAL, PAPER, strict=True))
            rows.extend((*rgb, round(255 * alpha)))
    return bytes(rows)


def png(size: int, rgba: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rgba, 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in (
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("maskable-192.png", 192, True),
        ("maskable-512.png", 512, True),
    ):
        (ICON_DIR / name).write_bytes(png(size, render(size, maskable)))


if __name__ == "__main__":
    main()
