"""threadreader's Textual app and command line."""
