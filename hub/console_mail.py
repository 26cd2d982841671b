"""The development e-mail backend: each e-mail printed as a person reads it, attachments by name and size.

Django's console backend prints the whole MIME message, attachments in base64: one invoice run printed 14 MB.
"""

from email.mime.base import MIMEBase

from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.template.defaultfilters import filesizeformat

HEADERS = ("From", "To", "Cc", "Reply-To", "Subject", "Date")


class EmailBackend(ConsoleBackend):
    """Prints headers, the text, and what else the e-mail carries (HTML version, attachments)."""

    def write_message(self, message: EmailMessage) -> None:
        mime = message.message()  # builds the headers as SMTP would, so a bad header fails here too
        lines = [f"{name}: {mime[name]}" for name in HEADERS if mime[name]]
        lines += ["", message.body.rstrip(), ""]
        for content, mimetype in getattr(message, "alternatives", []):
            lines.append(f"[Alternative {mimetype}, {filesizeformat(len(content.encode()))}]")
        for attachment in message.attachments:
            lines.append(f"[Attachment {_describe(attachment)}]")
        self.stream.write("\n".join(lines).rstrip() + "\n" + "-" * 79 + "\n")


def _describe(attachment) -> str:
    if isinstance(attachment, MIMEBase):
        filename = attachment.get_filename() or "(unnamed)"
        payload = attachment.get_payload(decode=True) or b""
        return f"{filename} ({attachment.get_content_type()}, {filesizeformat(len(payload))})"
    filename, content, mimetype = attachment
    size = len(content.encode() if isinstance(content, str) else content)
    return f"{filename} ({mimetype or 'application/octet-stream'}, {filesizeformat(size)})"
