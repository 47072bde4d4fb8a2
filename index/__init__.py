"""threadreader's headless core: parsing, quote reconstruction, the Whoosh index and search."""
