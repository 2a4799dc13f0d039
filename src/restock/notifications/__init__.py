"""Notifications: the durable outbox, its providers (one per channel), templates, dispatch."""
