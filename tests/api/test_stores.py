"""The stores: writes go through them once, the mirror follows, a lost answer is read back
(never resent), every change is announced, and closing a session frees the mirror's lock."""

from __future__ import annotations

import re

import httpx
import pytest

from discogs_tui.api.auth import TokenCredentials
from discogs_tui.api.client import DEFAULT_API_URL, DiscogsClient
from discogs_tui.api.errors import OutcomeUnknown
from discogs_tui.api.mirror import CollectionMirror
from discogs_tui.api.service import DiscogsService
from discogs_tui.api.stores import Change, Changes
from discogs_tui.sandbox import create_app
from discogs_tui.sandbox.config import DEMO_TOKEN, DEMO_USERNAME
from tests.conftest import roomy_config

ADD = r"^/users/[^/]+/collection/folders/\d+/releases/\d+$"


class LosesAnswers(httpx.AsyncBaseTransport):
    """The sandbox in process, but the answers to ``method`` on ``path`` are lost after the
    server applied the request (a connection reset on the way back)."""

    def __init__(self, app, method: str, path: str) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.method, self.path = method, re.compile(path)
        self.sent = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == self.method and self.path.search(request.url.path):
            self.sent += 1
            raise httpx.ReadError("connection reset", request=request)
        return response


def demo_service(transport: httpx.AsyncBaseTransport) -> DiscogsService:
    credentials = TokenCredentials(token=DEMO_TOKEN, username=DEMO_USERNAME)
    return DiscogsService(DiscogsClient(credentials, base_url=DEFAULT_API_URL, transport=transport))


@pytest.fixture
def sandbox():
    return create_app(roomy_config())


def test_every_listener_hears_a_change_even_when_one_fails():
    changes, heard = Changes(), []

    def deaf(change: Change) -> None:
        raise RuntimeError("deaf")

    changes.subscribe(deaf)
    stop = changes.subscribe(heard.append)
    changes.announce(Change("orders", "", ("1-1",)))
    stop()
    changes.announce(Change("orders", "", ("1-2",)))
    assert heard == [Change("orders", "", ("1-1",))]
    assert Change("collection", "Someone").concerns("collection", "someone")
    assert not Change("collection", "someone").concerns("collection", "other")


async def test_a_copy_added_goes_into_the_open_mirror_and_is_announced(sandbox):
    service = demo_service(httpx.ASGITransport(app=sandbox))
    store, heard = service.stores.collection, []
    service.stores.changes.subscribe(heard.append)
    mirror = await store.opening(DEMO_USERNAME, None)
    await store.sync(mirror)
    copies, total = len(mirror), mirror.total
    answer = await store.add(DEMO_USERNAME, 249504, 1)
    await service.aclose()
    assert len(mirror) == copies + 1 and mirror.total == total + 1
    assert mirror.get(answer["instance_id"]).release_id == 249504
    assert heard[-1].dataset == "collection" and answer["instance_id"] in heard[-1].ids


async def test_an_add_whose_answer_is_lost_is_read_back_not_resent(sandbox):
    transport = LosesAnswers(sandbox, "POST", ADD)
    service = demo_service(transport)
    store = service.stores.collection
    mirror = await store.opening(DEMO_USERNAME, None)
    await store.sync(mirror)
    copies = len(mirror)
    with pytest.raises(OutcomeUnknown):
        await store.add(DEMO_USERNAME, 249504, 1)
    await service.aclose()
    assert transport.sent == 1  # never sent again
    assert len(mirror) == copies + 1  # what Discogs has now: it was added


async def test_a_write_while_the_mirror_is_closed_asks_for_a_sync(sandbox):
    service = demo_service(httpx.ASGITransport(app=sandbox))
    store = service.stores.collection
    await store.add(DEMO_USERNAME, 249504, 1)
    assert store.needs_sync(DEMO_USERNAME)
    await store.sync(await store.opening(DEMO_USERNAME, None))
    await service.aclose()
    assert not store.needs_sync(DEMO_USERNAME)


async def test_closing_the_service_frees_the_mirror_for_the_next_one(sandbox, tmp_path):
    first = demo_service(httpx.ASGITransport(app=sandbox))
    assert (await first.stores.collection.opening(DEMO_USERNAME, tmp_path)).writable
    await first.aclose()
    second = demo_service(httpx.ASGITransport(app=sandbox))
    mirror = CollectionMirror(second, DEMO_USERNAME, tmp_path)
    assert mirror.writable  # the lock was let go
    mirror.close()
    await second.aclose()


def demo_order(sandbox, status: str) -> dict:
    return next(
        order
        for order in sandbox.state.sandbox.orders.values()
        if order["status"] == status and order["seller"]["username"] == DEMO_USERNAME
    )


async def test_an_order_changed_is_kept_as_discogs_answered_and_announced(sandbox):
    service = demo_service(httpx.ASGITransport(app=sandbox))
    store, heard = service.stores.orders, []
    service.stores.changes.subscribe(heard.append)
    order = demo_order(sandbox, "Payment Received")
    await store.edit(order["id"], status="Shipped")
    shipped = store.latest(order["id"])
    await store.message(order["id"], "On its way")  # the answer is the message: read the order
    replied = store.latest(order["id"])
    await service.aclose()
    assert shipped is not None and shipped.status == "Shipped"
    assert replied is not None and replied.last_activity == order["last_activity"]
    assert heard == [Change("orders", "", (order["id"],))] * 2


async def test_an_order_whose_answer_is_lost_is_not_kept(sandbox):
    order = demo_order(sandbox, "New Order")
    service = demo_service(LosesAnswers(sandbox, "POST", r"^/marketplace/orders/[\d-]+/messages$"))
    with pytest.raises(OutcomeUnknown):
        await service.stores.orders.message(order["id"], "Hello")
    await service.aclose()
    assert service.stores.orders.latest(order["id"]) is None  # the screens read it again
