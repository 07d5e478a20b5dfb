"""An independent Discogs client (python3-discogs-client, written against the real API)
pointed at the sandbox over loopback, HTTP and HTTPS, with the demo token and with OAuth: it
must work unchanged."""

from __future__ import annotations

import re

import discogs_client
import httpx
import pytest
from discogs_client.exceptions import HTTPError

from discogs_tui.sandbox.config import (
    DEMO_CONSUMER_KEY,
    DEMO_CONSUMER_SECRET,
    DEMO_TOKEN,
    DEMO_USERNAME,
)
from discogs_tui.sandbox.tls import sandbox_tls_files
from tests.conftest import roomy_config
from tests.loopback import serve

pytestmark = pytest.mark.loopback
USER_AGENT = "ThirdPartyCheck/1.0 +https://example.org/check"


@pytest.fixture(scope="module", params=["http", "https"])
def base(request, tmp_path_factory):
    """The sandbox over HTTP, then over HTTPS with its certificate trusted the usual way
    (REQUESTS_CA_BUNDLE, SSL_CERT_FILE): the client changes only its host, port and scheme."""
    if request.param == "http":
        with serve(roomy_config()) as url:
            yield url
        return
    tls = sandbox_tls_files(tmp_path_factory.mktemp("tls"))
    with pytest.MonkeyPatch.context() as env, serve(roomy_config(), tls=tls) as url:
        env.setenv("REQUESTS_CA_BUNDLE", str(tls.trust))
        env.setenv("SSL_CERT_FILE", str(tls.trust))  # the browser here is httpx
        yield url


def connect(base: str, **credentials) -> discogs_client.Client:
    client = discogs_client.Client(USER_AGENT, **credentials)
    client._base_url = base
    client._request_token_url = f"{base}/oauth/request_token"
    client._access_token_url = f"{base}/oauth/access_token"
    client._authorize_url = f"{base}/oauth/authorize"
    client.backoff_enabled = False
    return client


@pytest.fixture
def d(base) -> discogs_client.Client:
    return connect(base, user_token=DEMO_TOKEN)


def test_database_reads(d):
    release = d.release(249504)
    assert release.title == "Never Gonna Give You Up"
    assert release.artists[0].name == "Rick Astley"
    assert release.tracklist[0].title == "Never Gonna Give You Up"
    assert release.master.id == 96559
    master = d.master(1000)
    assert master.title == "Stardiver"
    assert master.main_release.id == 66785
    assert len(master.versions) >= 3
    assert {v.id for v in master.versions.page(1)} >= {18926, 34228, 1873038}
    artist = d.artist(108713)
    assert artist.name == "Nickelback"
    assert artist.members[0].name == "Chad Kroeger"
    assert len(artist.releases) >= 3
    label = d.label(1)
    assert label.name == "Planet E"
    assert {sub.id for sub in label.sublabels} == {86537, 41841}
    assert len(label.releases) >= 3


def test_search_pages_and_follows_results(d):
    results = d.search("Never Gonna Give You Up", type="release")
    assert results.count >= 1
    first = results.page(1)[0]
    assert "Never Gonna Give You Up" in first.title


def test_identity_and_profile_edit(d):
    me = d.identity()
    assert me.username == DEMO_USERNAME
    me.location = "Crate 7"
    me.save()
    assert d.user(DEMO_USERNAME).location == "Crate 7"


def test_collection_folders_items_and_writes(d):
    me = d.identity()
    folders = me.collection_folders
    assert folders[0].id == 0 and folders[0].count >= 3000
    uncategorized = next(f for f in folders if f.id == 1)
    first = uncategorized.releases.page(1)[0]
    assert first.release.title
    before = uncategorized.count
    uncategorized.add_release(249504)
    refreshed = next(f for f in me.collection_folders if f.id == 1)
    assert refreshed.count == before + 1
    instance = next(i for i in me.collection_items(249504) if i.folder_id == 1)
    target = next(f for f in folders if f.id not in (0, 1))
    uncategorized.move_release(instance, target.id)
    moved = next(i for i in me.collection_items(249504) if i.instance_id == instance.instance_id)
    assert moved.folder_id == target.id
    target.remove_release(moved)
    assert all(i.instance_id != instance.instance_id for i in me.collection_items(249504))
    assert me.collection_value.median


def test_wantlist_add_and_remove(d):
    me = d.identity()
    count = me.wantlist.count
    me.wantlist.add(249504, notes="for the jukebox", rating=4)
    assert me.wantlist.count == count + 1
    assert d.user(DEMO_USERNAME).num_wantlist == count + 1
    me.wantlist.remove(249504)
    assert d.identity().wantlist.count == count


def test_inventory_listing_lifecycle(d):
    me = d.identity()
    me.inventory.add_listing(
        249504, "Very Good Plus (VG+)", 12.5, "For Sale", sleeve_condition="Generic"
    )
    mine = [item for item in d.identity().inventory if item.release.id == 249504]
    assert mine, "the new listing shows in the inventory"
    listing = d.listing(mine[0].id)
    listing.price = 14.0
    listing.save()
    assert d.listing(mine[0].id).price.value == 14.0
    listing.delete()
    with pytest.raises(HTTPError) as missing:
        d.listing(mine[0].id).refresh()
    assert missing.value.status_code == 404


def test_orders_status_and_messages(d):
    orders = d.identity().orders
    assert orders.count >= 1
    order = next(o for o in orders if len(o.next_status) > 1)
    order.refresh()
    new_status = next(s for s in order.next_status if s != order.status)
    order.status = new_status
    order.save()
    assert d.order(order.id).status == new_status
    order.messages.add(message="Thanks for your order!")
    assert any("Thanks for your order!" in m.message for m in d.order(order.id).messages.page(1))


def test_marketplace_reads(d):
    assert d.fee_for(10.0).value > 0
    stats = d.release(249504).marketplace_stats
    assert stats.num_for_sale is None or stats.num_for_sale >= 0
    suggestions = d.release(249504).price_suggestions
    assert suggestions.mint is None or suggestions.mint.value > 0


def test_lists(d):
    lists = d.user("rodneyfool").lists
    assert lists.count == 0 or lists.page(1)
    mine = d.identity().lists
    assert mine.count >= 1


def test_oauth_flow(base):
    client = connect(base, consumer_key=DEMO_CONSUMER_KEY, consumer_secret=DEMO_CONSUMER_SECRET)
    _token, _secret, url = client.get_authorize_url()
    page = httpx.get(url, headers={"User-Agent": USER_AGENT})
    verifier = re.search(r'id="oauth_verifier">([^<]+)<', page.text).group(1)
    client.get_access_token(verifier)
    assert client.identity().username == DEMO_USERNAME
    me = client.identity()
    me.wantlist.add(249504)
    assert any(w.id == 249504 for w in me.wantlist)
    me.wantlist.remove(249504)


def test_anonymous_client_reads_the_database(base):
    client = connect(base)
    assert client.release(249504).title == "Never Gonna Give You Up"
    with pytest.raises(HTTPError) as denied:
        client.identity()
    assert denied.value.status_code == 401
