"""``overens init``: a new agreements repository from the files in ``files/``."""
