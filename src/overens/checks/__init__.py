"""``validate`` and ``check``: the checks of every file, the compliance rules (``rules/``) and their
catalogue, the cache that answers a check of unchanged files, and the reporters."""
