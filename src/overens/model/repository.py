"""Everything loaded from one agreements repository: its agreements, and those their succession
links name (:class:`Repository`, what :func:`overens.store.loader.load` gives)."""

from __future__ import annotations

from dataclasses import dataclass

from overens.model.agreement import Agreement


@dataclass(frozen=True, slots=True)
class Repository:
    """Everything loaded from one agreements repository."""

    root: str
    agreements: tuple[Agreement, ...]
    linked: tuple[Agreement, ...] = ()
    """Agreements not asked for, loaded because a succession link names them (their findings
    are not reported: they are reported when those agreements are loaded themselves)."""

    def agreement(self, agreement_id: str) -> Agreement | None:
        return next((a for a in self.agreements if a.id == agreement_id), None)

    def find(self, agreement_id: str) -> Agreement | None:
        """An agreement asked for, or one loaded for a succession link."""
        return self.agreement(agreement_id) or next(
            (a for a in self.linked if a.id == agreement_id), None
        )

    def others(self, agreement: Agreement) -> dict[str, Agreement]:
        """The agreements ``agreement``'s succession links name that are loaded, by id."""
        found = {i: self.find(i) for i in agreement.succession.linked}
        return {i: a for i, a in found.items() if a is not None}

    @property
    def ids(self) -> list[str]:
        return [a.id for a in self.agreements]
