"""The instruments a county music service teaches, with the sizes its store lends."""

from django.db.models import Q
from django.utils.text import slugify

from hub.models import InstrumentFamily, InstrumentType

FRACTIONS = ["1/16", "1/10", "1/8", "1/4", "1/2", "3/4", "4/4"]
S, W, B, P, K, G, V = (
    InstrumentFamily.STRINGS,
    InstrumentFamily.WOODWIND,
    InstrumentFamily.BRASS,
    InstrumentFamily.PERCUSSION,
    InstrumentFamily.KEYBOARD,
    InstrumentFamily.GUITAR,
    InstrumentFamily.VOICE,
)
# (name, family, sizes, hireable). Pianos and drum kits are taught but not lent; voice never is.
INSTRUMENTS = (
    ("Violin", S, FRACTIONS, True),
    ("Viola", S, ['12"', '13"', '14"', '15"', '15.5"', '16"'], True),
    ("Cello", S, ["1/4", "1/2", "3/4", "4/4"], True),
    ("Double bass", S, ["1/4", "1/2", "3/4"], True),
    ("Flute", W, ["Curved head", "Standard"], True),
    ("Clarinet", W, [], True),
    ("Oboe", W, [], True),
    ("Bassoon", W, ["Fagottino", "Standard"], True),
    ("Alto saxophone", W, [], True),
    ("Tenor saxophone", W, [], True),
    ("Recorder", W, ["Descant", "Treble"], False),
    ("Trumpet", B, [], True),
    ("Cornet", B, [], True),
    ("Trombone", B, ["Tenor", "Plastic (pBone)"], True),
    ("Tenor horn", B, [], True),
    ("Baritone", B, [], True),
    ("Euphonium", B, [], True),
    ("French horn", B, ["Single F", "Double"], True),
    ("Tuba", B, ["E flat", "B flat"], True),
    ("Classical guitar", G, ["1/4", "1/2", "3/4", "4/4"], True),
    ("Electric guitar", G, [], True),
    ("Bass guitar", G, [], True),
    ("Ukulele", G, ["Soprano", "Concert", "Tenor"], True),
    ("Keyboard", K, [], True),
    ("Piano", K, [], False),
    ("Drum kit", P, [], False),
    ("Tuned percussion", P, ["Glockenspiel", "Xylophone"], True),
    ("Voice", V, [], False),
)


def ensure_instrument_types() -> dict[str, InstrumentType]:
    """Add the catalogue's missing instruments, matched by name or slug; returns them by catalogue name."""
    by_slug = {slugify(name): name for name, *_ in INSTRUMENTS}
    matching = Q(slug__in=list(by_slug)) | Q(name__in=list(by_slug.values()))
    known = {}
    for instrument in InstrumentType.objects.filter(matching):
        known[by_slug.get(instrument.slug, instrument.name)] = instrument
    missing = [
        InstrumentType(name=name, slug=slugify(name), family=family, sizes=list(sizes), hireable=hireable)
        for name, family, sizes, hireable in INSTRUMENTS
        if name not in known
    ]
    InstrumentType.objects.bulk_create(missing)
    return known | {instrument.name: instrument for instrument in missing}
