"""Shared handling of the plain-text CGI answers of the 2002 HTTP API."""

from .errors import VapixMalformedResponseError, VapixRequestError, VapixServerError
from .transport import HttpResponse


def check_cgi_answer(response: HttpResponse) -> str:
    """Return the text of a successful CGI answer; raise for the documented failures.

    Success is ``204 No Content`` or ``200`` with a body; failure is ``200`` with
    ``Error: <text>`` (the 2002 spec's form; newer firmware writes ``# Error:``). An HTML page
    where text is expected is a malformed answer.
    """
    if response.status == 204:
        return ""
    if response.status != 200:
        raise VapixServerError(response.status)
    text = response.text
    stripped = text.strip()
    if stripped.startswith("<"):
        raise VapixMalformedResponseError("expected a plain-text answer, got markup")
    if stripped.startswith(("# Error", "Error")):
        first, _, rest = stripped.partition("\n")
        message = first.lstrip("# ").removeprefix("Error:").removeprefix("Error").strip()
        detail = rest.strip()
        raise VapixRequestError(None, f"{message}: {detail}" if detail else message)
    return text
