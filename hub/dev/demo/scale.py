"""How big a demo hub to build: a county for trying the portal out, or a tiny one for tests."""

from dataclasses import dataclass

SEED = 2026


@dataclass(frozen=True, slots=True)
class Scale:
    """Counts for one size of demo hub; the demo sign-ins come on top except where noted."""

    name: str
    areas: int
    schools: int  # including the closed and proposed ones, as in the register
    closed_schools: int
    guardians: int  # including the demo parent
    tutors: int  # including the demo tutor
    sla_orders: int  # approved SLA orders this financial year, besides the demo school's
    tutor_schools: int  # schools where the demo tutor delivers the SLA, the demo school among them
    waiting_requests: int  # children on the waiting list for lessons, besides the demo family's
    family_bills: (
        int  # this term's bills issued by the seed, besides the demo parent's; finance runs the rest
    )
    # The instrument store: its stock (class sets included), class sets lent to schools this year, requests
    # waiting, and hires the store's desk has to act on (allocated, and with the agreement accepted).
    instruments: int
    class_sets: int
    hire_requests: int
    hires_awaiting_agreement: int
    hires_ready_to_check_out: int
    ensembles: int  # area and county ensembles, with sections and fees; the demo leader leads three
    # Phase quotas for the open schools; the rest of the count goes to Primary.
    phases: tuple[tuple[str, int], ...]


FULL = Scale(
    name="full",
    areas=10,
    schools=500,
    closed_schools=6,
    guardians=12_000,
    tutors=120,
    sla_orders=450,
    tutor_schools=5,
    waiting_requests=2_000,
    family_bills=400,
    instruments=5_000,
    class_sets=24,
    hire_requests=40,
    hires_awaiting_agreement=5,
    hires_ready_to_check_out=3,
    ensembles=60,
    phases=(
        ("Secondary", 64),
        ("Special", 20),
        ("Nursery", 6),
        ("All-through", 5),
        ("16 plus", 6),
        ("Middle deemed primary", 3),
        ("Middle deemed secondary", 4),
    ),
)
SMALL = Scale(
    name="small",
    areas=2,
    schools=12,
    closed_schools=1,
    guardians=25,
    tutors=4,
    sla_orders=4,
    tutor_schools=2,
    waiting_requests=6,
    family_bills=20,
    instruments=80,
    class_sets=1,
    hire_requests=4,
    hires_awaiting_agreement=1,
    hires_ready_to_check_out=1,
    ensembles=6,
    phases=(("Secondary", 2), ("Special", 1)),
)
