"""Files → validated model: safe YAML and its line marks, line-level patching, the schemas, the
loader and its cross-file checks, the caches in ``.overens-cache/``, and the worker pool."""
