"""WCAG contrast from the colours a browser computes: `rgb(...)`/`rgba(...)` strings, layered as painted."""

import re

Colour = tuple[float, float, float, float]
_COLOUR = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)")


def parse_colours(text: str) -> list[Colour]:
    """Every rgb()/rgba() colour in a computed value (a box-shadow may hold several), as (r, g, b, alpha)."""
    colours = []
    for red, green, blue, alpha in _COLOUR.findall(text):
        if not alpha:
            opacity = 1.0
        elif alpha.endswith("%"):
            opacity = float(alpha[:-1]) / 100
        else:
            opacity = float(alpha)
        colours.append((float(red), float(green), float(blue), opacity))
    return colours


def parse_colour(text: str) -> Colour:
    (colour,) = parse_colours(text)
    return colour


def over(top: Colour, bottom: Colour) -> Colour:
    """A translucent colour painted over an opaque one (alpha compositing)."""
    alpha = top[3]
    return (*(alpha * t + (1 - alpha) * b for t, b in zip(top[:3], bottom[:3], strict=True)), 1.0)


def flatten(layers: list[Colour]) -> Colour:
    """Background layers from the element outwards, down to the page's white, as one opaque colour."""
    colour: Colour = (255.0, 255.0, 255.0, 1.0)
    for layer in reversed(layers):
        colour = over(layer, colour)
    return colour


def luminance(colour: Colour) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in colour[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: Colour, second: Colour) -> float:
    """WCAG 2.2 contrast ratio, from 1 to 21; translucent colours are first painted over the other one."""
    if first[3] < 1:
        first = over(first, second)
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
