"""Open data: one page listing every public dataset with its formats, licence and last update, and the same
list as a DCAT catalogue in JSON-LD for the federal open-data catalogue. The datasets come from each
feature's `datasets.py` room (portal/datasets.py)."""
