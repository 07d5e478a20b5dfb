"""The sandbox's fault injection: each kind misbehaves as documented, then stops."""

from __future__ import annotations

import pytest

from discogs_tui.sandbox.faults import FaultRule


@pytest.mark.parametrize(
    ("rule", "status", "content_type", "check"),
    [
        (
            FaultRule("status", path="^/artists/", status=503),
            503,
            "application/json",
            lambda r: r.json()["message"],
        ),
        (FaultRule("html", path="^/artists/"), 200, "text/html", lambda r: "maintenance" in r.text),
        (
            FaultRule("garbled", path="^/artists/"),
            200,
            "application/json",
            lambda r: not r.text.endswith("}"),
        ),
        (
            FaultRule("empty", path="^/artists/"),
            200,
            "application/json",
            lambda r: r.content == b"",
        ),
    ],
)
async def test_fault_kinds(sandbox_app, client, rule, status, content_type, check):
    sandbox_app.state.faults.add(rule)
    spoiled = await client.get("/artists/108713")
    healthy = await client.get("/artists/108713")
    assert spoiled.status_code == status
    assert spoiled.headers["content-type"].startswith(content_type)
    assert check(spoiled)
    assert healthy.status_code == 200 and healthy.json()["id"] == 108713


async def test_faults_over_http(client):
    added = await client.post(
        "/_sandbox/faults", json={"kind": "status", "path": "^/labels/", "status": 502, "times": 2}
    )
    assert added.status_code == 201
    statuses = [(await client.get("/labels/1")).status_code for _ in range(3)]
    listing = (await client.get("/_sandbox/faults")).json()
    assert statuses == [502, 502, 200]
    assert listing["injected"] == 2
    assert (await client.delete("/_sandbox/faults")).status_code == 204
    bad = await client.post("/_sandbox/faults", json={"kind": "explode"})
    assert bad.status_code == 422
