"""Subcommands of the `threadreader` command line, one module per group."""
