"""Every bulk action, by its kind (``ACTIONS``), and the functions that plan one from the
marked records (as the screens hold them: ``MirrorItem`` copies, want and listing JSON):

    plan_collection_move / _rate / _field / _remove
    plan_wantlist_rate / _notes / _remove / _add
    plan_inventory_price / _status / _offers / _location / _delete

``preview(plan)`` says in words what a plan will do.
"""

from __future__ import annotations

from discogs_tui.api.bulk.action import Action, Context, Failures
from discogs_tui.api.bulk.collection_actions import (
    CollectionField,
    CollectionMove,
    CollectionRate,
    CollectionRemove,
    plan_collection_field,
    plan_collection_move,
    plan_collection_rate,
    plan_collection_remove,
)
from discogs_tui.api.bulk.inventory_actions import (
    ListingDelete,
    ListingLocation,
    ListingOffers,
    ListingPrice,
    ListingStatus,
    plan_inventory_delete,
    plan_inventory_location,
    plan_inventory_offers,
    plan_inventory_price,
    plan_inventory_status,
)
from discogs_tui.api.bulk.plan import Plan
from discogs_tui.api.bulk.wantlist_actions import (
    WantAdd,
    WantNotes,
    WantRate,
    WantRemove,
    plan_wantlist_add,
    plan_wantlist_notes,
    plan_wantlist_rate,
    plan_wantlist_remove,
)
from discogs_tui.api.errors import ValidationError

ACTIONS: dict[str, Action] = {
    cls.kind: cls()
    for cls in (
        CollectionMove,
        CollectionRate,
        CollectionField,
        CollectionRemove,
        WantRate,
        WantNotes,
        WantRemove,
        WantAdd,
        ListingPrice,
        ListingStatus,
        ListingOffers,
        ListingLocation,
        ListingDelete,
    )
}


def action_of(plan: Plan) -> Action:
    try:
        return ACTIONS[plan.kind]
    except KeyError:
        raise ValidationError(f"No bulk action {plan.kind!r}.") from None


def preview(plan: Plan) -> str:
    """``Move 37 copies from Vinyl to Shelf A``: what the job will do, in words."""
    action = action_of(plan)
    return action.undo_preview(plan) if plan.undo_of else action.preview(plan)


__all__ = [
    "ACTIONS",
    "Action",
    "Context",
    "Failures",
    "action_of",
    "plan_collection_field",
    "plan_collection_move",
    "plan_collection_rate",
    "plan_collection_remove",
    "plan_inventory_delete",
    "plan_inventory_location",
    "plan_inventory_offers",
    "plan_inventory_price",
    "plan_inventory_status",
    "plan_wantlist_add",
    "plan_wantlist_notes",
    "plan_wantlist_rate",
    "plan_wantlist_remove",
    "preview",
]
