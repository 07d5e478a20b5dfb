"""A release's own numbers equal those of its stats endpoints, whatever users write.

``GET /releases/{id}`` shows ``num_for_sale``, ``lowest_price`` and ``community`` have, want
and rating; ``/marketplace/stats/{id}``, ``/releases/{id}/stats`` and ``/releases/{id}/rating``
answer the same numbers. Hypothesis runs sequences of writes (copies, wants, ratings,
listings) by several users and checks every release they touched, plus what the writes must
have moved; one test checks every release of the demo data after writes.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.catalogue import load_catalogue
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from discogs_tui.sandbox.money import convert
from tests.conftest import make_client, roomy_config

WRITERS = {
    DEMO_USERNAME: DEMO_TOKEN,
    "rodneyfool": "sandbox-token-rodneyfool",
    "memory": "sandbox-token-memory",
    "example_seller": "sandbox-token-example_seller",
}
# The document's releases, releases on sale at the start, and a few generated ones.
RELEASES = sorted(
    {249504, 5610049, 1, 2964, 4674, 18926, 66785, *sorted(load_catalogue().releases)[::97]}
)
CONDITIONS = ("Mint (M)", "Very Good Plus (VG+)", "Good (G)")


@dataclass(frozen=True)
class Write:
    kind: str  # add_copy, remove_copy, want, unwant, rate, unrate, list, unlist, reprice
    user: str
    release_id: int
    amount: float = 0.0


writes = st.builds(
    Write,
    kind=st.sampled_from(
        ("add_copy", "remove_copy", "want", "unwant", "rate", "unrate", "list", "unlist", "reprice")
    ),
    user=st.sampled_from(sorted(WRITERS)),
    release_id=st.sampled_from(RELEASES),
    amount=st.floats(min_value=0.5, max_value=500).map(lambda x: round(x, 2)),
)


def client_for(app, user: str) -> httpx.AsyncClient:
    return make_client(app, {"Authorization": f"Discogs token={WRITERS[user]}"})


async def numbers(client: httpx.AsyncClient, release_id: int) -> dict[str, tuple]:
    """The same numbers, as the release shows them and as the stats endpoints answer them."""
    release, stats, rating, market = await asyncio.gather(
        client.get(f"/releases/{release_id}", params={"curr_abbr": "USD"}),
        client.get(f"/releases/{release_id}/stats"),
        client.get(f"/releases/{release_id}/rating"),
        client.get(f"/marketplace/stats/{release_id}", params={"curr_abbr": "USD"}),
    )
    release, stats, rating, market = (r.json() for r in (release, stats, rating, market))
    community = release["community"]
    lowest = market["lowest_price"]
    return {
        "have": (community["have"], stats["num_have"]),
        "want": (community["want"], stats["num_want"]),
        "rating": (community["rating"], rating["rating"]),
        "rating_count": (community["rating"]["count"], rating["rating"]["count"]),
        "num_for_sale": (release["num_for_sale"], market["num_for_sale"] or 0),
        "lowest_price": (release["lowest_price"], lowest["value"] if lowest else None),
    }


def assert_agree(release_id: int, seen: dict[str, tuple]) -> None:
    for name, (own, stats) in seen.items():
        assert own == stats, f"release {release_id}: {name} {own!r} != stats {stats!r}"


class Writer:
    """Applies writes through the API, remembering what each one should move."""

    def __init__(self, app) -> None:
        self.app = app
        self.state = app.state.sandbox

    async def apply(self, write: Write, client: httpx.AsyncClient) -> None:
        name, rid = write.user, write.release_id
        user = self.state.user(name)
        if write.kind == "add_copy":
            answer = await client.post(f"/users/{name}/collection/folders/1/releases/{rid}")
            assert answer.status_code == 201, answer.text
        elif write.kind == "remove_copy":
            copies = [i for i in user.instances.values() if i.release_id == rid]
            if copies:
                copy = copies[0]
                path = (
                    f"/users/{name}/collection/folders/{copy.folder_id}/releases/{rid}"
                    f"/instances/{copy.instance_id}"
                )
                assert (await client.delete(path)).status_code == 204
        elif write.kind == "want":
            assert (await client.put(f"/users/{name}/wants/{rid}")).status_code == 201
        elif write.kind == "unwant":
            answer = await client.delete(f"/users/{name}/wants/{rid}")
            assert answer.status_code in (204, 404)
        elif write.kind == "rate":
            rating = int(write.amount) % 5 + 1
            answer = await client.put(f"/releases/{rid}/rating/{name}", json={"rating": rating})
            assert answer.status_code == 200, answer.text
        elif write.kind == "unrate":
            assert (await client.delete(f"/releases/{rid}/rating/{name}")).status_code == 204
        elif write.kind == "list":
            sent = {"release_id": rid, "condition": "Good (G)", "price": write.amount}
            answer = await client.post("/marketplace/listings", json=sent)
            assert answer.status_code == 201, answer.text
        else:
            listing = self.own_listing(name, rid)
            if listing is None:
                return
            path = f"/marketplace/listings/{listing}"
            if write.kind == "unlist":
                assert (await client.delete(path)).status_code == 204
            else:
                sent = {"release_id": rid, "condition": "Good (G)", "price": write.amount}
                answer = await client.post(path, json=sent)
                assert answer.status_code == 204, answer.text

    def expected_moves(self, write: Write, before: dict[str, tuple]) -> dict[str, object]:
        """What ``write`` must do to the release's numbers (agreeing numbers could both be
        stuck): the model, from the state before it."""
        user, rid = self.state.user(write.user), write.release_id
        have, want = before["have"][0], before["want"][0]
        count, lowest = before["num_for_sale"][0], before["lowest_price"][0]
        rated = (rid, user.key) in self.state.ratings
        ratings = before["rating"][0]["count"]
        copies = user.copies()[rid]
        if write.kind == "add_copy":
            return {"have": have + (copies == 0)}
        if write.kind == "remove_copy":
            return {"have": have - (copies == 1)}
        if write.kind == "want":
            return {"want": want + (rid not in user.wants)}
        if write.kind == "unwant":
            return {"want": want - (rid in user.wants)}
        if write.kind == "rate":
            return {"rating_count": ratings + (not rated)}
        if write.kind == "unrate":
            return {"rating_count": ratings - rated}
        if write.kind == "list":
            price = convert(write.amount, user.currency, "USD")
            return {"num_for_sale": count + 1, "lowest_price": min(lowest or price, price)}
        if write.kind == "unlist":
            return {"num_for_sale": count - (self.own_listing(write.user, rid) is not None)}
        return {"num_for_sale": count}

    def own_listing(self, username: str, release_id: int) -> int | None:
        for listing in self.state.listings.values():
            seller = listing["seller"]["username"].lower()
            if (seller, listing["release"]["id"], listing["status"]) == (
                username.lower(),
                release_id,
                "For Sale",
            ):
                return listing["id"]
        return None


async def run_writes(app, sequence: list[Write]) -> None:
    writer = Writer(app)
    clients = {user: client_for(app, user) for user in WRITERS}
    try:
        for write in sequence:
            before = await numbers(clients[write.user], write.release_id)
            expected = writer.expected_moves(write, before)
            await writer.apply(write, clients[write.user])
            after = await numbers(clients[write.user], write.release_id)
            assert_agree(write.release_id, after)
            for name, value in expected.items():
                assert after[name][0] == value, f"{write}: {name} {after[name][0]!r} != {value!r}"
    finally:
        for client in clients.values():
            await client.aclose()


APP = None


def shared_app():
    """One sandbox for every example: the numbers must agree whatever came before."""
    global APP
    if APP is None:
        APP = create_app(roomy_config())
    return APP


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(writes, min_size=1, max_size=8))
def test_release_numbers_equal_their_stats_after_writes(sequence):
    asyncio.run(run_writes(shared_app(), sequence))


async def test_every_release_agrees_after_writes():
    app = create_app(roomy_config())
    catalogue = app.state.sandbox.catalogue
    everyone = sorted(catalogue.releases)
    sequence = [
        Write(kind, user, everyone[(n * 131) % len(everyone)], 1.5 + n)
        for n, (kind, user) in enumerate(
            (kind, user)
            for user in sorted(WRITERS)
            for kind in ("add_copy", "want", "rate", "list", "list", "reprice", "unlist")
        )
    ]
    await run_writes(app, sequence)
    async with make_client(app, {"Authorization": f"Discogs token={DEMO_TOKEN}"}) as client:
        for release_id in everyone:
            assert_agree(release_id, await numbers(client, release_id))
