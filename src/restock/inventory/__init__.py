"""Inventory items, their levels per stock location, reservations, and per-channel availability."""
