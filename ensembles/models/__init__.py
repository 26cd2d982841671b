"""Floor 2: ensembles, their sections and their termly fees, and who plays in them."""

from ensembles.models.applications import Application, AuditionSlot
from ensembles.models.ensembles import Ensemble, EnsembleFee, EnsembleSection, Level
from ensembles.models.membership import Membership

__all__ = ["Application", "AuditionSlot", "Ensemble", "EnsembleFee", "EnsembleSection", "Level", "Membership"]
