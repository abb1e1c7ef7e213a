"""Shared building blocks: nothing domain-specific lives here."""
