"""Event data: file formats, CAMEO coding and actor resolution of each row, storage and import reports."""
