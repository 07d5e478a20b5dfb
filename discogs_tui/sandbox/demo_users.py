"""Seeds the sandbox's users and what they own: profiles, collections, wantlists and lists.

Deterministic: one ``random.Random`` per user, fixed dates, ids drawn in a fixed order.
Who is here:

* ``sandbox_demo`` (``config.DEMO_USERNAME``): 3,000 collection instances over five folders
  with ratings and custom notes fields (one of them private), a 300-item wantlist, lists;
* the document's users, verbatim where the document shows them: ``rodneyfool`` (whose
  counters match ``examples.USER_RODNEYFOOL`` and who owns lists 1 and 2), ``example``
  (collection instance 1, the wants of ``WANTLIST_EXAMPLE``), ``memory``, ``shooezgirl``,
  ``susan.salkeld`` (the instances of ``COLLECTION_RELEASE_INSTANCES_7781525``);
* ``private_collector``, whose collection and wantlist are private;
* ``config.BIG_USERNAME`` and ``config.HUGE_USERNAME``, whose collections of 50,000 and
  200,000 instances are kept by column (``columnar.ColumnarInstances``), made on first use;
* the catalogue's other community usernames, with profiles only, so that the
  submitter/contributor links of releases lead somewhere.

``USER_TOKENS`` holds every seeded personal access token.
"""

from __future__ import annotations

import copy
import hashlib
import random
from collections.abc import Callable, Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

from discogs_tui.sandbox import examples
from discogs_tui.sandbox.catalogue import USERNAMES, display_artist, object_name, slug
from discogs_tui.sandbox.columnar import ColumnarInstances
from discogs_tui.sandbox.config import (
    BIG_COLLECTION_SIZE,
    BIG_TOKEN,
    BIG_USERNAME,
    DEMO_TOKEN,
    DEMO_USERNAME,
    HUGE_COLLECTION_SIZE,
    HUGE_TOKEN,
    HUGE_USERNAME,
)
from discogs_tui.sandbox.state import (
    DISCOGS_TZ,
    MEDIA_CONDITIONS,
    WEBSITE,
    Catalogue,
    Instance,
    SandboxState,
    User,
    Want,
    api_url,
    format_timestamp,
)

PRIVATE_USERNAME = "private_collector"
USER_TOKENS: dict[str, str] = {
    DEMO_USERNAME: DEMO_TOKEN,
    BIG_USERNAME: BIG_TOKEN,
    HUGE_USERNAME: HUGE_TOKEN,
    "rodneyfool": "sandbox-token-rodneyfool",
    "example": "sandbox-token-example",
    "memory": "sandbox-token-memory",
    "shooezgirl": "sandbox-token-shooezgirl",
    "susan.salkeld": "sandbox-token-susan.salkeld",
    PRIVATE_USERNAME: "sandbox-token-private_collector",
}

# The counters GET /users/{username} computes from state; profiles are stored without them.
COUNTER_KEYS = ("num_collection", "num_wantlist", "num_for_sale", "num_lists")

# Custom collection fields: the document's three (all public) plus one private field.
PRIVATE_FIELD = {
    "name": "Purchase",
    "lines": 1,
    "id": 4,
    "position": 4,
    "type": "textarea",
    "public": False,
}
MEDIA_FIELD, SLEEVE_FIELD, NOTES_FIELD, PURCHASE_FIELD = 1, 2, 3, 4
SLEEVE_OPTIONS = examples.COLLECTION_FIELDS_EXAMPLE["fields"][1]["options"]
NOTE_LINES = (
    "Bought at a record fair.",
    "Small seam split, plays fine.",
    "Signed by the band.",
    "Inner sleeve missing.",
    "Gift from a friend.",
    "[b]Favourite[/b] — see [a=Silent Phase].",
    "Hype sticker on shrink.",
    "Needs a clean.",
)
WANT_NOTES = (
    "Any pressing will do.",
    "Only the original.",
    "Seen it at a fair once.",
    "Check the matrix.",
)

DEMO_FOLDERS = ("Vinyl", "CDs", "To Sell", "Jazz")
DEMO_COLLECTION_SIZE = 3_000
DEMO_DISTINCT_RELEASES = 2_300  # the other instances are second copies
DEMO_WANTLIST_SIZE = 300
BIG_FOLDERS = ("Shelf A", "Shelf B", "Shelf C", "Shelf D", "Shelf E", "Crates")
BIG_SEED = 50_000
HUGE_SEED = 200_000

_COLLECTING_SINCE = datetime(2012, 1, 5, 18, 0, tzinfo=DISCOGS_TZ)
_RATING_WEIGHTS = (30, 3, 7, 20, 25, 15)  # ratings 0..5


# -- profiles ---------------------------------------------------------------------------------
def user_urls(username: str) -> dict[str, str]:
    base = f"/users/{username}"
    return {
        "resource_url": api_url(base),
        "inventory_url": api_url(f"{base}/inventory"),
        "collection_folders_url": api_url(f"{base}/collection/folders"),
        "collection_fields_url": api_url(f"{base}/collection/fields"),
        "wantlist_url": api_url(f"{base}/wants"),
        "uri": f"{WEBSITE}/user/{username}",
    }


def _without_counters(profile: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in profile.items() if k not in (*COUNTER_KEYS, "email")}


def generated_profile(
    catalogue: Catalogue, username: str, user_id: int, **details: Any
) -> dict[str, Any]:
    """A profile in the shape of ``examples.USER_RODNEYFOOL`` (without the counters)."""
    digest = hashlib.md5(username.encode()).hexdigest()
    rng = random.Random(digest)
    registered = datetime(2008, 1, 1, tzinfo=DISCOGS_TZ) + timedelta(days=rng.randrange(5000))
    profile = {
        "profile": "",
        "rank": rng.randrange(1, 400),
        "num_pending": rng.randrange(0, 20),
        "id": user_id,
        "home_page": "",
        "location": "",
        "username": username,
        "releases_contributed": len(catalogue.contributions.get(username.lower(), ())),
        "registered": format_timestamp(registered),
        "rating_avg": round(rng.uniform(2.5, 4.8), 2),
        "releases_rated": rng.randrange(0, 400),
        "name": "",
        "avatar_url": f"https://www.gravatar.com/avatar/{digest}?s=52&r=pg&d=mm",
        "banner_url": "",
        "buyer_rating": 100.0,
        "buyer_rating_stars": 5,
        "buyer_num_ratings": rng.randrange(0, 200),
        "seller_rating": round(rng.uniform(97, 100), 2),
        "seller_rating_stars": 5,
        "seller_num_ratings": rng.randrange(0, 300),
        "curr_abbr": "USD",
        **user_urls(username),
    }
    profile.update(details)
    return profile


def _make_user(state: SandboxState, profile: dict[str, Any], email: str, **options: Any) -> User:
    username = profile["username"]
    user = User(
        username=username, profile=profile, email=email, token=USER_TOKENS.get(username), **options
    )
    return state.add_user(user)


# -- collections and wantlists ----------------------------------------------------------------
def _rating(rng: random.Random) -> int:
    return rng.choices(range(6), _RATING_WEIGHTS)[0]


def _instance_notes(rng: random.Random, release: dict[str, Any]) -> dict[int, str]:
    notes: dict[int, str] = {}
    if release["formats"][0]["name"] != "File":
        if rng.random() < 0.7:
            notes[MEDIA_FIELD] = rng.choice(MEDIA_CONDITIONS[:5])
        if rng.random() < 0.6:
            notes[SLEEVE_FIELD] = rng.choice(SLEEVE_OPTIONS[:7])
    if rng.random() < 0.15:
        notes[NOTES_FIELD] = rng.choice(NOTE_LINES)
    if rng.random() < 0.2:
        notes[PURCHASE_FIELD] = f"Paid ${rng.randrange(3, 60)}.{rng.choice(('00', '50', '99'))}"
    return notes


def fill_collection(
    user: User,
    catalogue: Catalogue,
    release_ids: Sequence[int],
    folder_of: Callable[[dict[str, Any]], int],
    next_instance_id: Callable[[], int],
    rng: random.Random,
    *,
    since: datetime = _COLLECTING_SINCE,
    hours_apart: float = 20.0,
) -> None:
    """One instance per entry of ``release_ids`` (repeats are second copies), added over time."""
    moment = since
    for release_id in release_ids:
        release = catalogue.releases[release_id]
        moment += timedelta(seconds=rng.randrange(60, int(hours_apart * 7200)))
        instance = Instance(
            instance_id=next_instance_id(),
            release_id=release_id,
            folder_id=folder_of(release),
            rating=_rating(rng),
            date_added=format_timestamp(moment),
            notes=_instance_notes(rng, release),
        )
        user.instances[instance.instance_id] = instance


def fill_wantlist(
    user: User, release_ids: Sequence[int], rng: random.Random, *, since: datetime
) -> None:
    moment = since
    for release_id in release_ids:
        moment += timedelta(hours=rng.randrange(1, 300))
        notes = rng.choice(WANT_NOTES) if rng.random() < 0.3 else ""
        user.wants[release_id] = Want(release_id, _rating(rng), notes, format_timestamp(moment))


def _choose_releases(
    rng: random.Random, catalogue: Catalogue, count: int, exclude: Collection[int] = ()
) -> list[int]:
    pool = [i for i in sorted(catalogue.releases) if i not in exclude]
    return rng.sample(pool, count)


def _state_counter(state: SandboxState) -> Callable[[], int]:
    return lambda: state.next_id("instance")


def _add_folders(state: SandboxState, user: User, names: Sequence[str]) -> dict[str, int]:
    ids = {}
    for name in names:
        folder_id = state.next_id("folder", floor=2)
        user.folders[folder_id] = name
        ids[name] = folder_id
    return ids


def _small_user(
    state: SandboxState,
    username: str,
    user_id: int,
    *,
    collection: int,
    wants: int,
    seed: int,
    must_own: Sequence[int] = (),
    **options: Any,
) -> User:
    """A user with a modest collection in Uncategorized and a wantlist, all public fields."""
    catalogue = state.catalogue
    user = _make_user(
        state, generated_profile(catalogue, username, user_id), f"{username}@example.com", **options
    )
    user.fields = copy.deepcopy(examples.COLLECTION_FIELDS_EXAMPLE["fields"])
    rng = random.Random(seed)
    owned = [
        *must_own,
        *_choose_releases(rng, catalogue, collection - len(must_own), set(must_own)),
    ]
    fill_collection(user, catalogue, owned, lambda _release: 1, _state_counter(state), rng)
    fill_wantlist(
        user, _choose_releases(rng, catalogue, wants, set(owned)), rng, since=_COLLECTING_SINCE
    )
    return user


# -- lists ------------------------------------------------------------------------------------
def _image(obj: dict[str, Any]) -> str:
    images = obj.get("images") or [{"uri": obj.get("thumb", "")}]
    return images[0]["uri"]


def list_item(catalogue: Catalogue, kind: str, obj_id: int, comment: str) -> dict[str, Any]:
    """An item of GET /lists/{id}: a release, master, artist or label with a comment."""
    obj = {
        "release": catalogue.releases,
        "master": catalogue.masters,
        "artist": catalogue.artists,
        "label": catalogue.labels,
    }[kind][obj_id]
    if kind in ("release", "master"):
        title = f"{display_artist(obj)} - {obj['title']}"
    else:
        title = object_name(obj)
    return {
        "comment": comment,
        "display_title": title,
        "uri": obj["uri"],
        "image_url": _image(obj),
        "resource_url": obj["resource_url"],
        "type": kind,
        "id": obj_id,
    }


def add_list(
    state: SandboxState,
    owner: User,
    name: str,
    description: str,
    items: list[dict[str, Any]],
    *,
    public: bool,
    created: datetime,
) -> dict[str, Any]:
    list_id = state.next_id("list")
    stamp = format_timestamp(created)
    changed = format_timestamp(created + timedelta(days=3, hours=2))
    record = {
        "created_ts": stamp,
        "modified_ts": changed,
        "name": name,
        "list_id": list_id,
        "url": f"{WEBSITE}/lists/{slug(name)}/{list_id}",
        "items": items,
        "resource_url": api_url(f"/lists/{list_id}"),
        "public": public,
        "description": description,
        "owner": owner.key,
    }
    state.lists[list_id] = record
    return record


def _seed_document_lists(state: SandboxState, rodneyfool: User) -> None:
    """List 1 (``LISTS_RODNEYFOOL``, verbatim as a summary) and list 2 (``LIST_2``)."""
    summary = examples.LISTS_RODNEYFOOL[0]
    catalogue = state.catalogue
    state.lists[1] = {
        "created_ts": summary["date_added"],
        "modified_ts": summary["date_changed"],
        "name": summary["name"],
        "list_id": summary["id"],
        "url": summary["uri"],
        "items": [
            list_item(catalogue, "release", 249504, "Still a classic."),
            list_item(catalogue, "master", 1000, ""),
        ],
        "resource_url": summary["resource_url"],
        "public": summary["public"],
        "description": summary["description"],
        "owner": rodneyfool.key,
    }
    state.lists[2] = {**copy.deepcopy(examples.LIST_2), "owner": rodneyfool.key}
    state.reserve_id("list", 2)


def _demo_lists(state: SandboxState, demo: User, rng: random.Random) -> None:
    catalogue = state.catalogue
    owned = sorted({i.release_id for i in demo.instances.values()})
    masters = sorted(catalogue.masters)
    artists = sorted(catalogue.artists)
    labels = sorted(catalogue.labels)
    comments = ("", "Essential.", "Start here.", "Play it loud.", "A grower.", "Underrated!")

    def items(kind: str, ids: Sequence[int], count: int) -> list[dict[str, Any]]:
        return [
            list_item(catalogue, kind, i, rng.choice(comments))
            for i in rng.sample(list(ids), count)
        ]

    start = datetime(2019, 3, 2, 11, 15, tzinfo=DISCOGS_TZ)
    specs = (
        ("Desert Island Discs", "Ten records to keep.", items("release", owned, 10), True),
        ("Masters Worth Every Version", "", items("master", masters, 8), True),
        ("Labels To Follow", "Labels with a sound of their own.", items("label", labels, 6), True),
        (
            "Artists To Explore",
            "Notes to self.",
            items("artist", artists, 7) + items("release", owned, 3),
            False,
        ),
        (
            "Gift Ideas",
            "For birthdays.",
            items("release", owned, 4) + items("master", masters, 2),
            False,
        ),
    )
    for n, (name, description, entries, public) in enumerate(specs):
        add_list(
            state,
            demo,
            name,
            description,
            entries,
            public=public,
            created=start + timedelta(days=97 * n),
        )


# -- the users --------------------------------------------------------------------------------
def _seed_example(state: SandboxState) -> None:
    """``example``: the profile of ``USER_EXAMPLE``, collection instance 1 of the document's
    folder example, and the wants of ``WANTLIST_EXAMPLE``; counts as ``USER_EXAMPLE`` shows."""
    user = _make_user(
        state, _without_counters(examples.USER_EXAMPLE), examples.USER_EXAMPLE["email"]
    )
    user.fields = copy.deepcopy(examples.COLLECTION_FIELDS_EXAMPLE["fields"])
    item = examples.COLLECTION_FOLDER_1_ITEM_EXAMPLE
    first = Instance(
        instance_id=state.next_id("instance"),  # 1: the example's instance_id
        release_id=item["id"],
        folder_id=item["folder_id"],
        rating=item["rating"],
        date_added="2011-09-02T19:05:11-07:00",
        notes={note["field_id"]: note["value"] for note in item["notes"]},
    )
    user.instances[first.instance_id] = first
    rng = random.Random(1)
    fill_collection(
        user, state.catalogue, (249504, 4674, 2964), lambda _r: 1, _state_counter(state), rng
    )
    for n, want in enumerate(examples.WANTLIST_EXAMPLE):
        user.wants[want["id"]] = Want(
            want["id"], want["rating"], want.get("notes", ""), f"2012-0{n + 1}-14T09:12:00-07:00"
        )
    fill_wantlist(
        user, (249503, 18926, 2028757), rng, since=datetime(2013, 2, 1, tzinfo=DISCOGS_TZ)
    )


def _seed_rodneyfool(state: SandboxState) -> None:
    """Counters as ``USER_RODNEYFOOL`` shows them: 78 in the collection, 160 wanted, and
    lists 1 and 2, both private (so others see ``num_lists`` 0)."""
    doc = examples.USER_RODNEYFOOL
    user = _make_user(state, _without_counters(doc), "rodneyfool@example.com")
    user.fields = copy.deepcopy(examples.COLLECTION_FIELDS_EXAMPLE["fields"])
    rng = random.Random(1578108)
    owned = _choose_releases(rng, state.catalogue, doc["num_collection"])
    since = datetime(2012, 8, 16, tzinfo=DISCOGS_TZ)
    fill_collection(
        user, state.catalogue, owned, lambda _r: 1, _state_counter(state), rng, since=since
    )
    wanted = _choose_releases(rng, state.catalogue, doc["num_wantlist"], set(owned))
    fill_wantlist(user, wanted, rng, since=since)
    _seed_document_lists(state, user)


def _seed_susan(state: SandboxState) -> None:
    """``susan.salkeld`` owns the three instances of ``COLLECTION_RELEASE_INSTANCES_7781525``."""
    user = _small_user(state, "susan.salkeld", 2401515, collection=12, wants=8, seed=7781525)
    documented = examples.COLLECTION_RELEASE_INSTANCES_7781525
    folder_id = next(i["folder_id"] for i in documented if i["folder_id"] != 1)
    user.folders[folder_id] = "Vinyl"
    state.reserve_id("folder", folder_id)
    for item in documented:
        instance = Instance(
            item["instance_id"], item["id"], item["folder_id"], item["rating"], item["date_added"]
        )
        user.instances[instance.instance_id] = instance
        state.reserve_id("instance", instance.instance_id)


def _demo_folder_chooser(
    rng: random.Random, folders: dict[str, int]
) -> Callable[[dict[str, Any]], int]:
    def folder_of(release: dict[str, Any]) -> int:
        if rng.random() < 0.06:
            return folders["To Sell"]
        if "Jazz" in release["genres"] and rng.random() < 0.8:
            return folders["Jazz"]
        fmt = release["formats"][0]["name"]
        if fmt == "Vinyl":
            return folders["Vinyl"]
        if fmt in ("CD", "CDr"):
            return folders["CDs"]
        return 1

    return folder_of


def _seed_demo(state: SandboxState) -> None:
    catalogue = state.catalogue
    profile = generated_profile(
        catalogue,
        DEMO_USERNAME,
        9000001,
        name="Sandbox Demo",
        location="Loopback, 127.0.0.1",
        home_page="https://github.com/discogs-tui/discogs-tui",
        profile="The demo account of the discogs-tui sandbox. Try [r=249504] or [a=Silent Phase].",
    )
    user = _make_user(state, profile, "sandbox_demo@example.com")
    user.fields = [
        *copy.deepcopy(examples.COLLECTION_FIELDS_EXAMPLE["fields"]),
        dict(PRIVATE_FIELD),
    ]
    folders = _add_folders(state, user, DEMO_FOLDERS)
    rng = random.Random(9000001)
    distinct = _choose_releases(rng, catalogue, DEMO_DISTINCT_RELEASES)
    seconds = rng.choices(distinct, k=DEMO_COLLECTION_SIZE - DEMO_DISTINCT_RELEASES)
    owned = distinct + seconds
    rng.shuffle(owned)
    fill_collection(
        user,
        catalogue,
        owned,
        _demo_folder_chooser(rng, folders),
        _state_counter(state),
        rng,
        hours_apart=36,
    )
    wanted = _choose_releases(rng, catalogue, DEMO_WANTLIST_SIZE, set(distinct))
    fill_wantlist(user, wanted, rng, since=datetime(2014, 6, 1, tzinfo=DISCOGS_TZ))
    _demo_lists(state, user, rng)


def _big_collection(
    catalogue: Catalogue, first_instance_id: int, folder_ids: Sequence[int], size: int, seed: int
) -> ColumnarInstances:
    """A big user's collection of ``size`` copies, kept by column and made on first use.

    Its instance ids are reserved at seed time, so the collection is the same whenever it
    is made."""
    return ColumnarInstances(
        seed=seed,
        first_instance_id=first_instance_id,
        size=size,
        folder_ids=folder_ids,
        rating_weights=_RATING_WEIGHTS,
        # Half an hour apart for 50,000 copies, closer for more: the same years.
        since=datetime(2009, 2, 1, tzinfo=DISCOGS_TZ),
        spacing=1800 * BIG_COLLECTION_SIZE // size,
        notes=lambda draw, release_id: _instance_notes(draw, catalogue.releases[release_id]),
        population=sorted(catalogue.releases),
    )


def _seed_big(
    state: SandboxState, username: str, user_id: int, size: int, seed: int, name: str
) -> None:
    catalogue = state.catalogue
    profile = generated_profile(catalogue, username, user_id, name=name, location="The Warehouse")
    user = _make_user(state, profile, f"{username}@example.com")
    user.fields = [
        *copy.deepcopy(examples.COLLECTION_FIELDS_EXAMPLE["fields"]),
        dict(PRIVATE_FIELD),
    ]
    folder_ids = [1, *_add_folders(state, user, BIG_FOLDERS).values()]
    first = state.next_id("instance")
    state.reserve_id("instance", first + size - 1)
    user.instances = _big_collection(catalogue, first, folder_ids, size, seed)
    rng = random.Random(seed + 1)
    fill_wantlist(
        user,
        _choose_releases(rng, catalogue, 120),
        rng,
        since=datetime(2015, 1, 1, tzinfo=DISCOGS_TZ),
    )


def _seed_private(state: SandboxState) -> None:
    """A collection and wantlist only their owner sees; one public list, one private."""
    user = _small_user(
        state, PRIVATE_USERNAME, 9000003, collection=60, wants=40, seed=9000003,
        collection_public=False, wantlist_public=False,
    )  # fmt: skip
    catalogue = state.catalogue
    picks = [list_item(catalogue, "release", 4674, "Worth sharing.")]
    add_list(state, user, "Shared Picks", "The one public thing here.", picks, public=True,
             created=datetime(2020, 1, 4, tzinfo=DISCOGS_TZ))  # fmt: skip
    crates = [list_item(catalogue, "master", 1000, "")]
    add_list(state, user, "Secret Crates", "", crates, public=False,
             created=datetime(2020, 2, 4, tzinfo=DISCOGS_TZ))  # fmt: skip


def _seed_community(state: SandboxState) -> None:
    """Profiles for the catalogue's other submitters and contributors."""
    for n, username in enumerate(USERNAMES):
        if state.user(username) is None:
            _make_user(
                state,
                generated_profile(state.catalogue, username, 3100000 + n),
                f"{username.lower()}@example.com",
            )


def seed(state: SandboxState) -> None:
    _seed_example(state)  # first: it owns instance 1, as the document shows
    _seed_rodneyfool(state)  # before any other list: it owns lists 1 and 2
    _small_user(state, "memory", 1100451, collection=40, wants=25, seed=249504, must_own=(249504,))
    _small_user(
        state, "shooezgirl", 1221341, collection=30, wants=20, seed=5531861, must_own=(5531862,)
    )
    _seed_private(state)
    _seed_demo(state)
    _seed_big(state, BIG_USERNAME, 9000002, BIG_COLLECTION_SIZE, BIG_SEED, "Big Collector")
    _seed_susan(state)  # its documented instance ids are far above the others
    _seed_community(state)
    # Last, so that adding it changed no other seeded id.
    _seed_big(state, HUGE_USERNAME, 9000004, HUGE_COLLECTION_SIZE, HUGE_SEED, "Huge Collector")
    state.ratings.update(examples.DOCUMENT_RATINGS)
