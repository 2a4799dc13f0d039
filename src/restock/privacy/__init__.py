"""What Restock holds about an address: exported on request, and erased."""
