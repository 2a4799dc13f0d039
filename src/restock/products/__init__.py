"""Products, their options and variants, prices, and the sales channels that sell them."""
