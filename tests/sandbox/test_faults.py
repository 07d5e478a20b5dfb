"""The sandbox's fault injection: each kind misbehaves as documented, then stops."""

from __future__ import annotations

import re

import httpx
import pytest

from discogs_tui import cli
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from discogs_tui.sandbox.faults import JSON, FaultPlan, FaultRule, parse_spec
from discogs_tui.sandbox.transport import SandboxTransport
from tests.conftest import BASE_URL, roomy_config
from tests.loopback import serve


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


@pytest.mark.parametrize(
    ("rule", "content_type", "body_is_json"),
    [
        (FaultRule("wrong_type", path="^/artists/"), "text/html", True),
        (FaultRule("wrong_type", path="^/artists/", content_type="text/plain"), "text/plain", True),
        (FaultRule("html", path="^/artists/", content_type="application/json"), JSON, False),
    ],
)
async def test_wrong_content_types(sandbox_app, client, rule, content_type, body_is_json):
    sandbox_app.state.faults.add(rule)
    answer = await client.get("/artists/108713")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(content_type)
    assert answer.text.startswith("{") == body_is_json


@pytest.mark.parametrize("retry_after", [None, 3])
async def test_injected_429_looks_like_the_real_one(sandbox_app, client, retry_after):
    sandbox_app.state.faults.add(FaultRule("rate_limited", retry_after=retry_after))
    refused = await client.get("/artists/108713")
    assert refused.status_code == 429
    assert refused.json() == {"message": "You are making requests too quickly."}
    assert refused.headers.get_list("X-Discogs-Ratelimit") == ["100000"]  # not the limiter's too
    assert refused.headers["X-Discogs-Ratelimit-Used"] == "100000"
    assert refused.headers["X-Discogs-Ratelimit-Remaining"] == "0"
    assert refused.headers.get("Retry-After") == (None if retry_after is None else "3")
    assert (await client.get("/artists/108713")).status_code == 200


def hits(app_rule: FaultRule, requests: int = 40) -> list[int]:
    """Which of ``requests`` matching requests a fresh plan spoils."""
    plan = FaultPlan([app_rule])
    return [n for n in range(requests) if plan.take("GET", "/labels/1")]


def test_a_rate_spoils_some_requests_the_same_ones_every_run():
    rule = FaultRule("status", times=None, rate=0.3, seed=7)
    first, again = hits(rule), hits(rule)
    assert first == again
    assert 4 <= len(first) <= 20
    assert hits(FaultRule("status", times=None, rate=0.3, seed=8)) != first
    assert len(hits(FaultRule("status", times=None))) == 40  # unlimited
    assert len(hits(FaultRule("status", times=3))) == 3  # a burst


def test_a_config_starts_each_sandbox_with_its_own_copy_of_the_rules():
    rule = FaultRule("status", path="^/labels/", times=1)
    config = roomy_config(faults=[rule, "empty:path=^/artists/,method=get"])
    first, second = create_app(config), create_app(config)
    assert first.state.faults.take("GET", "/labels/1") is not None
    assert second.state.faults.take("GET", "/labels/1") is not None  # not used up by the first
    assert first.state.faults.take("GET", "/artists/1").kind == "empty"
    assert rule.times == 1


def test_specs():
    rule = parse_spec(r"drop_after:method=post,path=^/users/[^/]+/wants/\d{1,9}$,rate=0.2")
    assert (rule.kind, rule.method, rule.rate, rule.times) == ("drop_after", "POST", 0.2, None)
    assert rule.matches("POST", "/users/sandbox_demo/wants/249504")
    limited = parse_spec("rate_limited:retry_after=2.5,times=3,seed=4")
    assert (limited.retry_after, limited.times, limited.seed) == (2.5, 3, 4)
    assert parse_spec("hang").times is None


@pytest.mark.parametrize(
    ("spec", "complaint"),
    [
        ("explode", "unknown fault kind"),
        ("status:colour=red", "not FIELD=VALUE"),
        ("status:times=often", "times='often'"),
        ("status:rate=1.5", "rate must be 0 to 1"),
        ("status:status=42", "status must be 100 to 599"),
        ("status:path=(", "not a regular expression"),
    ],
)
def test_bad_specs_say_what_is_wrong(spec, complaint):
    with pytest.raises(ValueError, match=re.escape(complaint)):
        parse_spec(spec)


async def test_new_fields_and_specs_over_http_and_counts_in_stats(client):
    await client.post("/_sandbox/faults", json={"kind": "status", "times": None, "rate": 0.5})
    await client.post("/_sandbox/faults", json={"spec": "empty:path=^/labels/,times=1"})
    rules = (await client.get("/_sandbox/faults")).json()["rules"]
    assert [(r["kind"], r["times"], r["rate"]) for r in rules] == [
        ("status", None, 0.5),
        ("empty", 1, 1.0),
    ]
    for _ in range(10):
        await client.get("/artists/108713")
    stats = (await client.get("/_sandbox/stats")).json()
    assert 1 <= stats["faults"]["injected"] == stats["faults"]["by_kind"]["status"] < 10
    bad = await client.post("/_sandbox/faults", json={"spec": "status:rate=2"})
    assert bad.status_code == 422 and "rate" in bad.json()["message"]


# -- hanging up: in-process through SandboxTransport, and over real TCP on loopback --------------
async def test_in_process_drops_raise_what_httpx_raises_on_the_network(sandbox_app):
    sandbox_app.state.faults.add(FaultRule("drop_before", method="PUT"))
    sandbox_app.state.faults.add(FaultRule("drop_after", method="PUT"))
    sandbox_app.state.faults.add(FaultRule("drop_during", path="^/labels/"))
    headers = {"User-Agent": "t/1", "Authorization": f"Discogs token={DEMO_TOKEN}"}
    async with httpx.AsyncClient(
        transport=SandboxTransport(sandbox_app), base_url=BASE_URL, headers=headers
    ) as c:
        wants = f"/users/{DEMO_USERNAME}/wants/249504"
        for _ in range(2):
            with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
                await c.put(wants)
        with pytest.raises(httpx.RemoteProtocolError, match="complete message body"):
            await c.get("/labels/1")
        stats = (await c.get("/_sandbox/stats")).json()
    assert stats["unanswered"] == 2  # drop_during had started its answer
    assert 249504 in sandbox_app.state.sandbox.user(DEMO_USERNAME).wants  # drop_after applied


async def test_a_server_that_cannot_hang_up_says_so(sandbox_app, client):
    sandbox_app.state.faults.add(FaultRule("drop_before"))
    with pytest.raises(RuntimeError, match="SandboxTransport"):
        await client.get("/labels/1")  # plain httpx.ASGITransport


async def wanted(client: httpx.AsyncClient) -> int:
    wants = await client.get(f"/users/{DEMO_USERNAME}/wants", params={"per_page": 1})
    return wants.json()["pagination"]["items"]


@pytest.mark.loopback
async def test_over_tcp_the_client_sees_a_dropped_connection_or_no_answer():
    config = roomy_config(
        faults=[
            "drop_before:path=^/labels/1$,times=1",
            "drop_after:method=PUT,times=1",
            "drop_during:path=^/artists/,times=1",
            "hang:path=^/masters/,times=1",
        ]
    )
    headers = {"User-Agent": "t/1", "Authorization": f"Discogs token={DEMO_TOKEN}"}
    with serve(config) as base:
        async with httpx.AsyncClient(
            base_url=base, headers=headers, timeout=httpx.Timeout(0.5)
        ) as c:
            with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
                await c.get("/labels/1")
            before = await wanted(c)
            with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
                await c.put(f"/users/{DEMO_USERNAME}/wants/249504")
            with pytest.raises(httpx.RemoteProtocolError, match="complete message body"):
                await c.get("/artists/108713")
            with pytest.raises(httpx.ReadTimeout):
                await c.get("/masters/1000")
            after = await wanted(c)
            healthy = await c.get("/labels/1")
            stats = (await c.get("/_sandbox/stats")).json()
    assert healthy.status_code == 200
    assert after == before + 1  # drop_after: applied, though no answer came
    assert stats["by_method"]["PUT"] == 1
    assert stats["faults"]["injected"] == 4


def test_serve_refuses_a_bad_fault_in_one_line(capsys):
    assert cli.main(["sandbox", "serve", "--port", "0", "--fault", "status:rate=2"]) == 2
    assert (
        capsys.readouterr().err == "discogs-tui: bad --fault 'status:rate=2': rate must be 0 to 1\n"
    )
