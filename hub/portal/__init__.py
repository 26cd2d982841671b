"""Floor 3: the portal's own pages, read across every app.

Home pages for each kind of user, the staff dashboards' figures, the account page, staff administration
and the context processor that builds the navigation. It may import any floor; nothing imports it but
hub/urls.py and the settings.
"""
