"""Floor 2: ensembles, their sections and their termly fees."""

from ensembles.models.ensembles import Ensemble, EnsembleFee, EnsembleSection, Level

__all__ = ["Ensemble", "EnsembleFee", "EnsembleSection", "Level"]
