"""The machinery of the access matrix. Each tests/test_access*.py module holds a MATRIX for its URLs:

    MATRIX = {"namespace:url-name": (kwargs_key or None, {role: status, ..., "default": status})}

A key may carry "@suffix" to test the same URL name twice (e.g. "schools:school-detail@other").
Roles are ROLES below; a role not named gets "default". `kwargs_key` names an entry of the module's
`url_kwargs` fixture. tests/test_access.py checks that every portal URL name is in some MATRIX.
"""

from django.urls import reverse

from hub.models import StaffRole

ROLES = ["anonymous", "guardian", "contact", *[r.value for r in StaffRole]]
STAFF = [r.value for r in StaffRole]
LOGIN = 302  # strangers are sent to the sign-in page


def check_matrix(client, people: dict, url_kwargs: dict, matrix: dict, role: str) -> None:
    """Request every URL of the matrix as `role` (GET) and fail listing every status that differs."""
    if role != "anonymous":
        client.force_login(people[role])
    failures = []
    for key, (kwargs_key, expected) in matrix.items():
        url = reverse(key.split("@")[0], kwargs=url_kwargs[kwargs_key] if kwargs_key else None)
        want = expected.get(role, expected["default"])
        got = client.get(url).status_code
        if got != want:
            failures.append(f"{key} {url}: expected {want}, got {got}")
    assert not failures, "\n".join(failures)
