"""What shoppers see: the storefront widget, and the demo shop of development mode."""
