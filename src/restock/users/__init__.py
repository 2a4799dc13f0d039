"""Admin users: created from the command line, they log in at `/auth/user/emailpass`."""
