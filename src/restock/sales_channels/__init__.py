"""Sales channels: where products are sold; each is supplied by some stock locations."""
