"""Restock subscriptions: who waits for which variant in which sales channel."""
