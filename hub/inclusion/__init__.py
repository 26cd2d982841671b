"""Floor 3: inclusion reports (DESIGN.md), to come.

Counts of the pupils taking part in lessons, ensembles and hire, by characteristic and grouping, set
against the school population and suppressed as official statistics are. They read every app, so they
live on the top floor beside the portal.
"""
