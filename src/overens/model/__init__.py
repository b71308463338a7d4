"""The typed model and the pure domain logic: what an agreement and a signatory are, dates and
status on a day, who an organisation is (names, organisation and personal identity numbers), the
canonical text, and findings. Imports nothing from the rest of overens but errors and constants."""
