"""Building blocks that import no domain package."""
