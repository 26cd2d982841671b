"""Floor 2: ensembles, their sections and their termly fees, who plays in them, and their rehearsals,
events and concerts."""

from ensembles.models.attendance import ATTENDED, AbsenceReport, EnsembleAttendance, Mark
from ensembles.models.ensembles import Ensemble, EnsembleFee, EnsembleSection, Level
from ensembles.models.membership import Membership
from ensembles.models.schedule import Rehearsal

__all__ = [
    "ATTENDED",
    "AbsenceReport",
    "EnsembleAttendance",
    "Mark",
    "Ensemble",
    "EnsembleFee",
    "EnsembleSection",
    "Level",
    "Membership",
    "Rehearsal",
]
