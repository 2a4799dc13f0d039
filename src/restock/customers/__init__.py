"""Customers: shoppers with an account, signed up through the store API."""
