"""The big users' collections kept by column agree with a collection of ``Instance``s.

The reference is what the small collections do (a dict of ``Instance``s, sorted by
``routes.collection``'s own sort keys); the columnar store must give the same copies, folder
counts and orders, page by page, after any sequence of writes.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discogs_tui.sandbox import columnar
from discogs_tui.sandbox.catalogue import load_catalogue, release_sort_values
from discogs_tui.sandbox.columnar import ColumnarInstances
from discogs_tui.sandbox.config import BIG_COLLECTION_SIZE, BIG_USERNAME
from discogs_tui.sandbox.demo_users import _instance_notes
from discogs_tui.sandbox.routes.collection import SORT_KEYS
from discogs_tui.sandbox.state import DISCOGS_TZ, Instance, format_timestamp
from tests.sandbox.test_users import user_client

CATALOGUE = load_catalogue()
# Few releases, so that text keys tie often (ties keep the order copies were added in).
POPULATION = sorted(CATALOGUE.releases)[:60]
FOLDERS = (1, 20, 21, 22)
SIZE = 400
FIRST_ID = 1000
ORDERS = [(key, descending) for key in (None, *SORT_KEYS) for descending in (False, True)]


def store(seed: int = 7) -> ColumnarInstances:
    return ColumnarInstances(
        seed=seed,
        first_instance_id=FIRST_ID,
        size=SIZE,
        folder_ids=FOLDERS,
        rating_weights=(30, 3, 7, 20, 25, 15),
        since=datetime(2009, 2, 1, tzinfo=DISCOGS_TZ),
        spacing=1800,
        notes=lambda draw, release_id: _instance_notes(draw, CATALOGUE.releases[release_id]),
        population=POPULATION,
    )


def snapshot(copies: ColumnarInstances) -> dict[int, Instance]:
    """The collection as the small users keep theirs."""
    return {
        view.instance_id: Instance(
            view.instance_id,
            view.release_id,
            view.folder_id,
            view.rating,
            view.date_added,
            dict(view.notes),
        )
        for view in copies.values()
    }


def reference_order(
    instances: dict[int, Instance], folder_id: int | None, key: str | None, descending: bool
) -> list[int]:
    """The order of a dict of instances by the values themselves (a stable ``sorted``)."""
    chosen = [i for i in instances.values() if folder_id is None or i.folder_id == folder_id]
    if key is None:
        ordered = chosen[::-1] if descending else chosen
    else:
        ordered = sorted(chosen, key=lambda i: sort_value(i, key), reverse=descending)
    return [i.instance_id for i in ordered]


def sort_value(instance: Instance, key: str) -> object:
    if key in ("rating", "added"):
        return instance.rating if key == "rating" else instance.date_added
    return release_sort_values(CATALOGUE.releases[instance.release_id])[key]


def columnar_order(
    copies: ColumnarInstances, folder_id: int | None, key: str | None, descending: bool, page: int
) -> list[int]:
    """The whole order, taken ``page`` rows at a time as pages are."""
    ordered = copies.ordered(folder_id, key, descending, CATALOGUE.sort_ranks)
    ids: list[int] = []
    for start in range(0, len(ordered), page):
        ids += [view.instance_id for view in ordered[start : start + page]]
    assert len(ids) == len(ordered)
    return ids


def assert_agrees(copies: ColumnarInstances, reference: dict[int, Instance], page: int) -> None:
    assert snapshot(copies) == reference
    assert copies.folder_counts() == Counter(i.folder_id for i in reference.values())
    assert copies.release_counts() == Counter(i.release_id for i in reference.values())
    assert len(copies) == len(reference) and list(copies) == list(reference)
    folders = [None, *sorted({i.folder_id for i in reference.values()}), 99]
    for folder_id in folders:
        for key, descending in ORDERS:
            expected = reference_order(reference, folder_id, key, descending)
            assert columnar_order(copies, folder_id, key, descending, page) == expected, (
                folder_id,
                key,
                descending,
            )
    for release_id in POPULATION[:5]:
        assert [v.instance_id for v in copies.of_release(release_id)] == [
            i.instance_id for i in reference.values() if i.release_id == release_id
        ]


def test_a_fresh_collection_agrees_in_every_order(monkeypatch):
    monkeypatch.setattr(columnar, "_FIRST_CHUNK_ROWS", 8)  # many passes, not one
    copies = store()
    assert not copies.columns_made
    assert_agrees(copies, snapshot(copies), page=37)
    assert copies.columns_made and len(copies) == SIZE


def test_generated_copies_look_like_the_old_ones():
    copies = snapshot(store())
    assert {i.folder_id for i in copies.values()} == set(FOLDERS)
    assert Counter(i.rating for i in copies.values()).most_common(1)[0][0] == 0
    dates = [i.date_added for i in copies.values()]
    assert dates == sorted(dates) and len(set(dates)) == len(dates)
    assert all(datetime.fromisoformat(d).utcoffset() == timedelta(hours=-7) for d in dates)
    assert sum(bool(i.notes) for i in copies.values()) > SIZE / 2
    assert snapshot(store()) == copies  # the same every time


def test_a_copy_moved_through_more_folders_than_there_are_bytes():
    """A folder no copy is in gives its byte (a folder's code) up to the next new folder."""
    copies = store()
    reference = snapshot(copies)
    target = next(iter(reference))
    for folder_id in range(100, 100 + 2 * columnar._MOST_FOLDERS):
        copies[target].folder_id = reference[target].folder_id = folder_id
    assert_agrees(copies, reference, page=50)


WRITE = st.one_of(
    st.tuples(
        st.just("add"),
        st.integers(0, len(POPULATION) - 1),
        st.sampled_from(FOLDERS),
        st.integers(-3, 3),
    ),
    st.tuples(st.just("remove"), st.integers(0, 10**6)),
    st.tuples(st.just("move"), st.integers(0, 10**6), st.sampled_from((*FOLDERS, 23, 24))),
    st.tuples(st.just("rate"), st.integers(0, 10**6), st.integers(0, 5)),
    st.tuples(
        st.just("note"), st.integers(0, 10**6), st.integers(1, 4), st.sampled_from(("", "x"))
    ),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(writes=st.lists(WRITE, max_size=25), page=st.integers(1, 60))
def test_writes_agree_with_instances(writes, page):
    """Every write, through ``InstanceView``s as the routes make them, is seen by later reads
    exactly as a dict of ``Instance``s sees it (new copies dated now, or earlier)."""
    copies = store()
    reference = snapshot(copies)
    now = datetime(2026, 1, 1, tzinfo=DISCOGS_TZ)
    next_id = FIRST_ID + SIZE + 5
    for write in writes:
        ids = list(reference)
        kind = write[0]
        if kind == "add":
            _, release, folder_id, hours = write
            now += timedelta(hours=hours)  # sometimes earlier than the last copy
            added = Instance(next_id, POPULATION[release], folder_id, 0, format_timestamp(now))
            copies[next_id] = added
            reference[next_id] = Instance(**vars(added))
            next_id += 1
            continue
        if not ids:
            continue
        target = ids[write[1] % len(ids)]
        view = copies[target]
        if kind == "remove":
            del copies[target]
            del reference[target]
        elif kind == "move":
            view.folder_id = reference[target].folder_id = write[2]
        elif kind == "rate":
            view.rating = reference[target].rating = write[2]
        elif write[3]:
            view.notes[write[2]] = reference[target].notes[write[2]] = write[3]
        else:
            view.notes.pop(write[2], None)
            reference[target].notes.pop(write[2], None)
    assert_agrees(copies, reference, page)


# -- through the API --------------------------------------------------------------------------
async def test_the_big_users_pages_agree_after_writes(sandbox_app):
    """The 50,000-copy user, written to through the API: page 1 and a deep page of each order
    agree with its copies sorted as the small users' are."""
    state = sandbox_app.state.sandbox
    user = state.user(BIG_USERNAME)
    base = f"/users/{BIG_USERNAME}/collection"
    async with user_client(sandbox_app, BIG_USERNAME) as c:
        folder = (await c.post(f"{base}/folders", json={"name": "New"})).json()["id"]
        added = (await c.post(f"{base}/folders/{folder}/releases/249504")).json()["instance_id"]
        first = next(iter(user.instances))
        release = user.instances[first].release_id
        old_folder = user.instances[first].folder_id
        instance = f"{base}/folders/{old_folder}/releases/{release}/instances/{first}"
        assert (await c.post(instance, json={"rating": 5, "folder_id": folder})).status_code == 204
        moved = f"{base}/folders/{folder}/releases/{release}/instances/{first}"
        assert (await c.post(f"{moved}/fields/3", json={"value": "Moved."})).status_code == 204
        gone = list(user.instances)[1234]
        gone_view = user.instances[gone]
        path = (
            f"{base}/folders/{gone_view.folder_id}/releases/{gone_view.release_id}/instances/{gone}"
        )
        assert (await c.delete(path)).status_code == 204

        reference = snapshot(user.instances)
        assert len(reference) == BIG_COLLECTION_SIZE
        assert reference[first].rating == 5 and reference[first].folder_id == folder
        assert reference[first].notes[3] == "Moved." and gone not in reference
        for folder_id, key, descending in [
            (0, None, True),
            (0, "artist", False),
            (0, "added", True),
            (folder, "rating", True),
            (old_folder, "title", True),
            (old_folder, "year", False),
        ]:
            expected = reference_order(reference, folder_id or None, key, descending)
            params = {"sort_order": "desc" if descending else "asc", "per_page": 100}
            if key:
                params["sort"] = key
            for page in (1, 3):
                got = await c.get(
                    f"{base}/folders/{folder_id}/releases", params={**params, "page": page}
                )
                if (page - 1) * 100 >= len(expected):
                    continue
                ids = [item["instance_id"] for item in got.json()["releases"]]
                assert ids == expected[(page - 1) * 100 : page * 100], (folder_id, key, page)
        copies = (await c.get(f"{base}/releases/249504")).json()["releases"]
    assert added in [item["instance_id"] for item in copies]


@pytest.mark.parametrize("size", [0, 1])
def test_tiny_collections(size):
    copies = ColumnarInstances(
        seed=1,
        first_instance_id=10,
        size=size,
        folder_ids=FOLDERS,
        rating_weights=(1, 1, 1, 1, 1, 1),
        since=datetime(2009, 2, 1, tzinfo=DISCOGS_TZ),
        spacing=60,
        notes=lambda draw, release_id: {},
        population=POPULATION,
    )
    assert_agrees(copies, snapshot(copies), page=1)
