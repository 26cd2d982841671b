"""Charge sources: what each app bills families for in a term, handed to the family billing run.

Apps register a source here, as job kinds register with hub/jobs.py, so that billing imports no app:
lessons are the first; instrument hire and ensembles add theirs to the same run. A source, given a term
(and, for a run's batch of bills, the payers), yields `FamilyCharge`s: who pays, for which child, the
term's fee, the remission categories that apply (the source reads the child's awards; billing only does
the sums) and any credits. Pricing them into invoice lines is billing's alone (hub/billing/family_bill.py).
"""

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal

from hub.billing.models import RemissionCategory
from hub.models import Term


@dataclass(frozen=True)
class Payer:
    """Who a charge is billed to: a guardian's family account, or an account as it stands (a school's)."""

    guardian_id: int | None = None
    account_id: int | None = None

    def __post_init__(self):
        if (self.guardian_id is None) == (self.account_id is None):
            raise ValueError("A payer is a guardian or an account, not both.")

    @property
    def key(self) -> str:
        """'guardian:12' or 'account:5': the run's item key for this payer's bill."""
        return (
            f"guardian:{self.guardian_id}" if self.guardian_id is not None else f"account:{self.account_id}"
        )

    @classmethod
    def from_key(cls, key: str) -> "Payer":
        what, _, pk = key.partition(":")
        if what == "guardian":
            return cls(guardian_id=int(pk))
        if what == "account":
            return cls(account_id=int(pk))
        raise ValueError(f"Not a payer's key: {key!r}.")

    @property
    def is_family(self) -> bool:
        return self.guardian_id is not None


@dataclass(frozen=True)
class Credit:
    """Money given back on the bill (lessons lost to the hub last term): a negative line of its own."""

    description: str
    amount: Decimal  # given back, so never negative
    source_key: str


@dataclass(frozen=True)
class FamilyCharge:
    """A term's fee for one child and activity, as a source hands it to the family billing run."""

    payer: Payer
    # 0 for a charge for no child (a class set of instruments lent to a school), with a name of its own.
    pupil_id: int
    pupil_name: str
    activity: str  # hub.billing.models.Activity
    description: str  # "Violin lessons, autumn term 2026 (Individual 30 minutes)"
    fee: Decimal
    source_key: str  # "tuition:enrolment:9:term:2026-autumn"
    categories: tuple[RemissionCategory, ...] = ()
    credits: tuple[Credit, ...] = ()


def term_name(term: Term) -> str:
    """How a bill names a term: "autumn term 2026"."""
    return f"{term.get_kind_display().lower()} term {term.starts_on.year}"


# A source: (term, the payers to bill, or None for every payer) -> their charges for the term.
ChargeSource = Callable[[Term, Collection[Payer] | None], Iterable[FamilyCharge]]
_SOURCES: dict[str, ChargeSource] = {}


def register(name: str, source: ChargeSource) -> None:
    """An app names its source (e.g. "tuition") and the function that yields its charges."""
    _SOURCES[name] = source


def registered() -> dict[str, ChargeSource]:
    return dict(_SOURCES)


def charges_for(term: Term, payers: Collection[Payer] | None = None) -> list[FamilyCharge]:
    """Every registered source's charges for the term: every payer's, or those of the payers given (a run
    bills a hundred at a time). A source reads them in a fixed number of queries, however many payers."""
    return [charge for source in _SOURCES.values() for charge in source(term, payers)]
