"""What the tests and the benchmarks both set up with: throwaway PostgreSQL databases and bulk
catalogs. Not part of the `restock` package: a shop never runs it."""
