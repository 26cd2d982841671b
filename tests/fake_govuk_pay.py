"""A local stand-in for GOV.UK Pay: a real HTTP server on 127.0.0.1 that answers as the documented API does.

- `POST /v1/payments` (bearer key checked) creates a payment: 201 with `payment_id`, `amount`,
  `reference`, `description`, `return_url`, `state` {status: created, finished: false} and
  `_links.next_url.href`, the fake's own card page.
- `GET /v1/payments/{payment_id}` reads it (404 with code P0200 when there is no such payment).
- `GET /pay/{payment_id}` is the card page (the payment becomes `started`); its buttons "Pay", "Decline"
  and "Cancel" make it `success`, `failed` (P0010) or `cancelled` (P0030) and send the browser to
  `return_url`, which carries no result, as GOV.UK Pay's does not.

Faults for tests: `fail_next("create", 500)` answers the next create with that status, `fail_next("get",
"timeout")` holds the next read until the client gives up.
"""

import html
import json
import threading
import uuid
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

API_KEY = "api_test_fake-govuk-pay-key"
RESULTS = {
    "pay": ("success", {}),
    "decline": ("failed", {"message": "Payment method rejected", "code": "P0010"}),
    "cancel": ("cancelled", {"message": "Payment was cancelled by the user", "code": "P0030"}),
}
FINISHED = {"success", "failed", "cancelled", "error"}


class FakeGovukPay:
    """The server, its payments (by id) and the requests it was sent."""

    def __init__(self):
        self.payments: dict[str, dict] = {}
        self.requests: list[tuple[str, str]] = []
        self.faults: dict[str, object] = {}
        self.release = threading.Event()  # set at shutdown: a held ("timeout") answer then ends
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.fake = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def fail_next(self, call: str, how: object) -> None:
        """`call` is "create" or "get"; `how` an HTTP status or "timeout"."""
        self.faults[call] = how

    def set_status(self, payment_id: str, status: str, **state) -> None:
        """What GOV.UK Pay would say after the payer did something (or the payment expired)."""
        self.payments[payment_id]["state"] = {"status": status, "finished": status in FINISHED, **state}

    def view(self, payment: dict) -> dict:
        links = {
            "self": {"href": f"{self.url}/v1/payments/{payment['payment_id']}", "method": "GET"},
            "next_url": None
            if payment["state"]["finished"]
            else {"href": f"{self.url}/pay/{payment['payment_id']}", "method": "GET"},
        }
        return {
            **{k: v for k, v in payment.items() if k != "state"},
            "state": payment["state"],
            "_links": links,
        }


class _Handler(BaseHTTPRequestHandler):
    """Answers as GOV.UK Pay does; `self.server.fake` holds the payments."""

    @property
    def fake(self) -> "FakeGovukPay":
        return self.server.fake  # type: ignore[attr-defined]

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body: dict | str, content_type="application/json", headers=()):
        data = (json.dumps(body) if isinstance(body, dict) else body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> bool:
        if self.headers.get("Authorization") == f"Bearer {API_KEY}":
            return True
        self._send(401, {"code": "P0920", "description": "Credentials are required to access this resource"})
        return False

    def _fault(self, call: str) -> bool:
        how = self.fake.faults.pop(call, None)
        if how is None:
            return False
        if how == "timeout":
            self.fake.release.wait(10)
            return True
        self._send(int(how), {"code": "P0999", "description": "GOV.UK Pay is unavailable"})
        return True

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_POST(self):
        self.fake.requests.append(("POST", self.path))
        if self.path == "/v1/payments":
            return self._create()
        if self.path.startswith("/pay/"):
            return self._card_result()
        return self._send(404, {"code": "P0200", "description": "Not found"})

    def do_GET(self):
        self.fake.requests.append(("GET", self.path))
        if self.path.startswith("/v1/payments/"):
            return self._read()
        if self.path.startswith("/pay/"):
            return self._card_page()
        return self._send(404, {"code": "P0200", "description": "Not found"})

    def _create(self):
        if not self._authorised() or self._fault("create"):
            return
        try:
            sent = json.loads(self._body())
            assert isinstance(sent["amount"], int) and 0 < sent["amount"] <= 10_000_000
            assert all(isinstance(sent[key], str) and sent[key] for key in ("reference", "description"))
            assert sent["return_url"].startswith("http")
        except (ValueError, KeyError, AssertionError, TypeError, AttributeError):
            return self._send(422, {"code": "P0102", "description": "Invalid attribute value"})
        payment_id = uuid.uuid4().hex[:26]
        self.fake.payments[payment_id] = {
            "payment_id": payment_id,
            "amount": sent["amount"],
            "reference": sent["reference"],
            "description": sent["description"],
            "return_url": sent["return_url"],
            "email": sent.get("email", ""),
            "payment_provider": "sandbox",
            "state": {"status": "created", "finished": False},
        }
        self._send(201, self.fake.view(self.fake.payments[payment_id]))

    def _read(self):
        if not self._authorised() or self._fault("get"):
            return
        payment = self.fake.payments.get(self.path.removeprefix("/v1/payments/"))
        if payment is None:
            return self._send(404, {"code": "P0200", "description": "paymentId not found"})
        self._send(200, self.fake.view(payment))

    def _card_page(self):
        payment = self.fake.payments.get(self.path.removeprefix("/pay/"))
        if payment is None or payment["state"]["finished"]:
            return self._send(404, "<h1>This payment link has expired</h1>", "text/html; charset=utf-8")
        self.fake.set_status(payment["payment_id"], "started")
        buttons = "".join(
            f'<button type="submit" name="action" value="{action}">{action.title()}</button> '
            for action in RESULTS
        )
        page = (
            '<!doctype html><html lang="en"><head><title>Enter card details - GOV.UK Pay (fake)</title>'
            "</head>"
            f"<body><h1>Enter card details</h1><p>{html.escape(payment['description'])}</p>"
            f"<p>Total amount: £{payment['amount'] / 100:,.2f}</p>"
            f'<form method="post" action="/pay/{payment["payment_id"]}">{buttons}</form></body></html>'
        )
        self._send(200, page, "text/html; charset=utf-8")

    def _card_result(self):
        payment = self.fake.payments.get(self.path.removeprefix("/pay/"))
        action = parse_qs(self._body().decode()).get("action", [""])[0]
        if payment is None or action not in RESULTS:
            return self._send(404, "<h1>Not found</h1>", "text/html; charset=utf-8")
        status, state = RESULTS[action]
        self.fake.set_status(payment["payment_id"], status, **state)
        self._send(HTTPStatus.SEE_OTHER, "", "text/plain", headers=[("Location", payment["return_url"])])
