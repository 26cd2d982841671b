"""What people call an instrument in a sentence: "a 3/4 violin", "a clarinet"."""


def kind(instrument_type, size: str = "") -> str:
    """ "3/4 violin", or "clarinet" for a type with one size: lower case, for the middle of a sentence."""
    name = instrument_type.name.lower()
    return f"{size} {name}" if size else name


def a_kind(instrument_type, size: str = "") -> str:
    """ "a 3/4 violin", "an oboe", "a euphonium" (said "you"), "a ukulele"."""
    text = kind(instrument_type, size)
    article = "an" if text[:1] in ("a", "e", "i", "o") and not text.startswith("eu") else "a"
    return f"{article} {text}"
