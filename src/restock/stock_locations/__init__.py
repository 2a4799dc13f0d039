"""Stock locations (warehouses, stores) and the sales channels they supply."""
