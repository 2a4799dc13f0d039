"""API keys: publishable keys scope the store API to sales channels; secret keys act as admin."""
