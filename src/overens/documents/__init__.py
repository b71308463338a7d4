"""Documents: what a document shows (``document``), the templates and their sandbox, the filters,
writing outputs, the label catalogues (``i18n``, ``locale/``) and PDF."""
