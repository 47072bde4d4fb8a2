"""The library's schema version, apart from the schema: opening a library listed in its catalog imports no whoosh."""

# Bump when the schema or the stored shapes change; `threadreader reindex` rebuilds.
SCHEMA_VERSION = 7  # 3: signatures (sig); 4: titles on the thread's document only; 5: word parts; 6: seams;
# 7: stop words indexed, Porter stems from Snowball
