"""Walking pages by what they hold: short pages, overcounted totals, the 100-page cap."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from discogs_tui.api.errors import PermissionDenied, ValidationError
from discogs_tui.api.pagination import Page, walk_items, walk_pages


def server(
    items: list[int],
    *,
    claimed_total: int | None = None,
    page_sizes: dict[int, int] | None = None,
    forbidden_after: int | None = None,
):
    """A fetch function over ``items`` that can lie about totals and return short pages."""
    calls: list[int] = []

    async def fetch(page: int, per_page: int) -> Page[int]:
        calls.append(page)
        if forbidden_after is not None and page > forbidden_after:
            raise PermissionDenied("Pagination above 100 disabled", status=403)
        total = claimed_total if claimed_total is not None else len(items)
        pages = max(1, -(-total // per_page))
        start = (page - 1) * per_page
        chunk = items[start : start + per_page]
        if page_sizes and page in page_sizes:
            chunk = chunk[: page_sizes[page]]
        return Page(chunk, page, pages, per_page, total)

    return fetch, calls


async def collect(fetch, **options) -> list[int]:
    return [item async for item in walk_items(fetch, **options)]


async def test_walks_every_page_once():
    fetch, calls = server(list(range(250)))
    assert await collect(fetch, per_page=100) == list(range(250))
    assert calls == [1, 2, 3]


async def test_overcounted_total_stops_at_the_first_empty_page():
    fetch, calls = server(list(range(120)), claimed_total=1000)
    assert await collect(fetch, per_page=50) == list(range(120))
    assert calls == [1, 2, 3, 4]  # page 4 came back empty: the end, whatever the total says


async def test_short_pages_in_the_middle_do_not_end_the_walk():
    fetch, _ = server(list(range(300)), page_sizes={2: 37})
    items = await collect(fetch, per_page=100)
    assert len(items) == 237 and items[-1] == 299


async def test_other_users_inventory_ends_at_page_100():
    fetch, calls = server(list(range(500)), forbidden_after=100)
    items = await collect(fetch, per_page=1)
    assert len(items) == 100
    assert calls[-1] == 101


async def test_a_forbidden_first_page_is_an_error():
    fetch, _ = server([], forbidden_after=0)
    with pytest.raises(PermissionDenied):
        await collect(fetch)


async def test_progress_and_resume():
    fetch, _ = server(list(range(500)))
    progress: list[tuple[int, int]] = []
    pages = [
        page.page
        async for page in walk_pages(
            fetch, per_page=100, start_page=3, progress=lambda *p: progress.append(p)
        )
    ]
    assert pages == [3, 4, 5]
    assert progress == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize(("page", "per_page"), [(0, 50), (1, 0), (1, 101)])
async def test_page_parameters_are_checked(page, per_page):
    fetch, calls = server([1])
    with pytest.raises(ValidationError):
        await collect(fetch, start_page=page, per_page=per_page)
    assert calls == []


@given(
    st.dictionaries(
        st.sampled_from(["page", "pages", "per_page", "items", "urls"]),
        st.one_of(
            st.none(),
            st.integers(-5, 10_000),
            st.text(alphabet="0123456789", min_size=1, max_size=4),
        ),
    ),
    st.lists(st.integers(), max_size=5),
)
def test_page_parser_accepts_any_pagination_object(pagination, items):
    page = Page.from_body({"pagination": pagination, "releases": items, "filters": {}}, "releases")
    assert page.items == items
    assert page.extra == {"filters": {}}
    assert isinstance(page.page, int) and isinstance(page.pages, int)
