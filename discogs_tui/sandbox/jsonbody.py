"""The one JSON encoder of every sandbox body, in the document's form.

The document writes ``{"message": "…"}`` with a space after each ``:`` and ``,``, and clients
read error messages with patterns that expect exactly that, so every body, errors included,
is encoded here and nowhere else (``http.JsonResponse`` for Starlette answers).
"""

from __future__ import annotations

import json
from typing import Any

JSON_TYPE = "application/json"


def json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def json_bytes(data: Any) -> bytes:
    return json_text(data).encode()


def message_bytes(message: str) -> bytes:
    """An error body: ``{"message": "…"}``."""
    return json_bytes({"message": message})
