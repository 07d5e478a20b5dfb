"""The fixed words of the Discogs API, from its document: currencies, conditions, listing
and order statuses. The service layer checks parameters against them and the sandbox
answers by them, so both import them from here."""

from __future__ import annotations

CURRENCIES = ("USD", "GBP", "EUR", "CAD", "AUD", "JPY", "CHF", "MXN", "BRL", "NZD", "SEK", "ZAR")
MEDIA_CONDITIONS = (
    "Mint (M)",
    "Near Mint (NM or M-)",
    "Very Good Plus (VG+)",
    "Very Good (VG)",
    "Good Plus (G+)",
    "Good (G)",
    "Fair (F)",
    "Poor (P)",
)
SLEEVE_CONDITIONS = (*MEDIA_CONDITIONS, "Generic", "Not Graded", "No Cover")

LISTING_STATUSES = ("For Sale", "Draft", "Expired", "Sold", "Deleted", "Suspended", "Violation")
EDITABLE_LISTING_STATUSES = ("For Sale", "Draft", "Expired")  # others can only be deleted
NEW_LISTING_STATUSES = ("For Sale", "Draft")  # what a new or edited listing may be set to

# What a seller may set an order to (the document's list for "Edit an order").
SETTABLE_ORDER_STATUSES = (
    "New Order",
    "Buyer Contacted",
    "Invoice Sent",
    "Payment Pending",
    "Payment Received",
    "In Progress",
    "Shipped",
    "Refund Sent",
    "Cancelled (Non-Paying Buyer)",
    "Cancelled (Item Unavailable)",
    "Cancelled (Per Buyer's Request)",
)
# Every status an order can have (the filter of "List orders", without "All").
ORDER_STATUSES = (
    *SETTABLE_ORDER_STATUSES[:7],
    "Merged",
    "Order Changed",
    "Refund Sent",
    "Cancelled",
    *SETTABLE_ORDER_STATUSES[8:],
    "Cancelled (Refund Received)",
)

# The search endpoint's types and fields (besides the free text `q`).
SEARCH_TYPES = ("release", "master", "artist", "label")
SEARCH_FIELDS = (
    "title",
    "release_title",
    "credit",
    "artist",
    "anv",
    "label",
    "genre",
    "style",
    "country",
    "year",
    "format",
    "catno",
    "barcode",
    "track",
    "submitter",
    "contributor",
)
