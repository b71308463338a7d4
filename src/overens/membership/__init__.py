"""Who has joined: ``sign``, ``withdraw``, ``confirm``, ``erase`` and ``list``, with what they share
(the values a coordinator gives, looking up a signatory, evidence, the change and its commit)."""
