"""Dialogs over the current screen, shared by the screens that open them: one per module."""
