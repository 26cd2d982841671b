"""Floor 2: ensembles, their sections and their termly fees, who plays in them, their rehearsals, events and
concerts, and the messages sent to their families."""

from ensembles.models.applications import Application, AuditionSlot
from ensembles.models.attendance import ATTENDED, AbsenceReport, EnsembleAttendance, Mark
from ensembles.models.ensembles import Ensemble, EnsembleFee, EnsembleSection, Level
from ensembles.models.membership import Membership
from ensembles.models.messages import EnsembleMessage
from ensembles.models.schedule import Rehearsal

__all__ = [
    "ATTENDED",
    "AbsenceReport",
    "Application",
    "AuditionSlot",
    "Ensemble",
    "EnsembleAttendance",
    "EnsembleFee",
    "EnsembleMessage",
    "Mark",
    "EnsembleSection",
    "Level",
    "Membership",
    "Rehearsal",
]
