"""Pages of paginated endpoints, and iterators that walk them by what they actually hold.

Discogs' ``pagination`` object is a hint, not a promise: search pages can hold fewer items
than ``per_page``, totals can be overcounted, and other users' inventories stop at page 100.
So the walker stops at the first empty or short-and-last page, at the server's page count,
or at a page cap, whichever comes first, and never asks for the same page twice.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from discogs_tui.api.errors import PermissionDenied, ValidationError

MAX_PER_PAGE = 100
BULK_PER_PAGE = 100
OTHERS_INVENTORY_PAGE_CAP = 100
T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    pages: int
    per_page: int
    total: int
    extra: Mapping[str, Any] = field(default_factory=dict)  # other keys of the body

    @property
    def has_next(self) -> bool:
        return self.page < self.pages and bool(self.items)

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.has_next else None

    @classmethod
    def from_body(cls, body: Mapping[str, Any], key: str) -> Page[Any]:
        pagination = body.get("pagination") or {}
        items = body.get(key) or []
        page = int(pagination.get("page") or 1)
        per_page = int(pagination.get("per_page") or max(len(items), 1))
        total = int(pagination.get("items") or len(items))
        pages = int(pagination.get("pages") or 1)
        extra = {k: v for k, v in body.items() if k not in ("pagination", key)}
        return cls(list(items), page, pages, per_page, total, extra)


def check_page_params(page: int, per_page: int) -> None:
    if page < 1:
        raise ValidationError(f"Page numbers start at 1 (got {page}).")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ValidationError(f"per_page must be between 1 and {MAX_PER_PAGE} (got {per_page}).")


FetchPage = Callable[[int, int], Awaitable[Page[T]]]
Progress = Callable[[int, int], None]  # (pages done, pages expected)


async def walk_pages(
    fetch: FetchPage[T],
    *,
    per_page: int = BULK_PER_PAGE,
    start_page: int = 1,
    max_pages: int | None = None,
    progress: Progress | None = None,
) -> AsyncIterator[Page[T]]:
    """Yield pages from ``start_page`` until the data runs out (see the module docstring)."""
    check_page_params(start_page, per_page)
    page_number = start_page
    while True:
        try:
            page = await fetch(page_number, per_page)
        except PermissionDenied:
            if page_number > OTHERS_INVENTORY_PAGE_CAP:
                return  # other users' inventories end at page 100
            raise
        expected = min(page.pages, max_pages or page.pages)
        if progress is not None:
            progress(page_number - start_page + 1, max(expected - start_page + 1, 1))
        if page.items:
            yield page
        if not page.has_next or (max_pages is not None and page_number >= max_pages):
            return
        page_number += 1


async def walk_items(fetch: FetchPage[T], **options: Any) -> AsyncIterator[T]:
    """Every item of every page, in order."""
    async for page in walk_pages(fetch, **options):
        for item in page.items:
            yield item
