"""The text through time: ``version``, ``diff`` (principle by principle, as text or Markdown) and
``history`` (revisions, signings, confirmations and withdrawals with their commits)."""
