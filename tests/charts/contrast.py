"""WCAG 2.1 contrast, shared by the figure tests and the browser tests.

Relative luminance and contrast ratio exactly as WCAG 2.1 defines them
(https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio); a colour drawn with opacity
is first blended over the card, as the screen shows it.
"""

from __future__ import annotations

import colorsys
import re

RGB = tuple[float, float, float]
_RGBA = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,/\s]+([\d.]+%?))?\s*\)")


def parse(colour: str) -> tuple[RGB, float]:
    """'#rrggbb', '#rgb', 'rgb(r, g, b)' or 'rgba(r, g, b, a)' to 0-255 channels and alpha."""
    text = colour.strip()
    if text.startswith("#"):
        digits = text[1:]
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
        return (r, g, b), 1.0
    match = _RGBA.fullmatch(text)
    if not match:
        raise ValueError(f"not a colour: {colour!r}")
    alpha_text = match.group(4)
    if alpha_text is None:
        alpha = 1.0
    elif alpha_text.endswith("%"):
        alpha = float(alpha_text[:-1]) / 100
    else:
        alpha = float(alpha_text)
    return (float(match.group(1)), float(match.group(2)), float(match.group(3))), alpha


def blend(colour: str, background: str, opacity: float = 1.0) -> RGB:
    """What the eye sees: ``colour`` at its own alpha times ``opacity`` over the card."""
    (fg, alpha), (bg, _) = parse(colour), parse(background)
    a = alpha * opacity
    return (
        fg[0] * a + bg[0] * (1 - a),
        fg[1] * a + bg[1] * (1 - a),
        fg[2] * a + bg[2] * (1 - a),
    )


def luminance(rgb: RGB) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(colour: str, background: str, opacity: float = 1.0) -> float:
    seen = luminance(blend(colour, background, opacity))
    card = luminance(parse(background)[0])
    light, dark = max(seen, card), min(seen, card)
    return (light + 0.05) / (dark + 0.05)


def saturation(colour: str) -> float:
    r, g, b = parse(colour)[0]
    return colorsys.rgb_to_hsv(r / 255, g / 255, b / 255)[1]
