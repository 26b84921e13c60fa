"""Reading around the tables: the report's own prose (agency, year, sections), a manifest's overrides,
which files are inputs (and what the others are), and which files are the same report twice.
The formats themselves are read by govkit.io; the tables by govkit.templates."""
