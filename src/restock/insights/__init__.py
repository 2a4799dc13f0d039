"""What the merchant learns from the data: demand per variant, daily figures, delivery times."""
