"""The Whoosh library on disk: sources, the import pipeline, the one writer, stored threads, reading state, lock."""
