"""Equality monitoring data drawn in the shares found among England's pupils."""

import random
from dataclasses import dataclass

from schools.models import Gender, SendStatus

# School census, England: share of pupils (%) by ethnicity code.
ETHNICITY_SHARES = {
    "WBRI": 63.0,
    "WOTH": 7.0,
    "WIRI": 0.3,
    "WIRT": 0.1,
    "WROM": 0.6,
    "MWBC": 1.6,
    "MWBA": 0.9,
    "MWAS": 1.9,
    "MOTH": 2.5,
    "AIND": 3.8,
    "APKN": 4.6,
    "ABAN": 1.9,
    "AOTH": 2.0,
    "BCRB": 1.0,
    "BAFR": 4.2,
    "BOTH": 0.7,
    "CHNE": 0.5,
    "OOTH": 2.0,
    "REFU": 0.8,
    "NOBT": 0.2,
}
NOT_GIVEN = ("REFU", "NOBT")
GENDER_SHARES = ((Gender.GIRL, 48.8), (Gender.BOY, 49.7), (Gender.OTHER, 0.8), (Gender.NOT_SAID, 0.7))
# SEN support and EHCP rates in mainstream schools; boys are identified about twice as often as girls.
SEND_RATES = {Gender.BOY: (0.165, 0.054), Gender.GIRL: (0.10, 0.026)}
SEND_RATES_OTHER = (0.13, 0.04)
SEND_NOT_SAID = 0.005
EVER_SIX_ONLY = 0.06  # pupil premium for pupils who had free meals in the last six years but not now
LOOKED_AFTER = 0.005
YOUNG_CARER = 0.01


@dataclass(frozen=True, slots=True)
class EqualitySpec:
    """One pupil's equality record before it is saved."""

    gender: str
    ethnicity: str
    send: str
    free_school_meals: bool
    pupil_premium: bool
    looked_after: bool
    young_carer: bool


def ethnicity_weights(diversity: float) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The ethnicity codes and their weights in an area whose mix departs from England's by diversity."""
    weights = {
        code: share if code in NOT_GIVEN or code == "WBRI" else share * diversity
        for code, share in ETHNICITY_SHARES.items()
    }
    weights["WBRI"] = max(5.0, 100.0 - sum(w for code, w in weights.items() if code != "WBRI"))
    return tuple(weights), tuple(weights.values())


def draw_gender(rng: random.Random) -> str:
    return rng.choices([g for g, _ in GENDER_SHARES], weights=[w for _, w in GENDER_SHARES])[0]


def draw_equality(
    rng: random.Random, *, gender: str, ethnicity: str, free_school_meals: bool, special_school: bool
) -> EqualitySpec:
    """A child's record: ethnicity and free meals come from the family, the rest from the child."""
    roll = rng.random()
    if special_school:
        send = SendStatus.EHCP if roll < 0.9 else SendStatus.SUPPORT
    else:
        support, ehcp = SEND_RATES.get(gender, SEND_RATES_OTHER)
        if roll < ehcp:
            send = SendStatus.EHCP
        elif roll < ehcp + support:
            send = SendStatus.SUPPORT
        elif roll < ehcp + support + SEND_NOT_SAID:
            send = SendStatus.NOT_SAID
        else:
            send = SendStatus.NONE
    looked_after = rng.random() < LOOKED_AFTER
    pupil_premium = free_school_meals or looked_after or rng.random() < EVER_SIX_ONLY
    return EqualitySpec(
        gender=gender,
        ethnicity=ethnicity,
        send=send,
        free_school_meals=free_school_meals,
        pupil_premium=pupil_premium,
        looked_after=looked_after,
        young_carer=rng.random() < YOUNG_CARER,
    )
