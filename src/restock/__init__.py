"""Restock: back-in-stock notifications behind Medusa v2's HTTP contract."""
