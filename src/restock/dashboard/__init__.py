"""The merchant dashboard at /app: server-rendered pages over the admin services."""
