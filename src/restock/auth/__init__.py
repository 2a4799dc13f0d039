"""Email+password identities, JWTs, and the request dependencies that read them."""
