"""Demo data for the portal: a county-scale hub built deterministically by `manage.py seed_demo`.

It writes to every app, so it sits on the top floor with the settings and the inclusion reports.
"""
