"""Property: sign → withdraw → sign … through the core functions, in a real git repository
(). After every step the file is schema-valid and no earlier record is lost; at the end
the status derived on every boundary day (before, during and after each period) is what the
periods say."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, git, init_repo
from overens.membership.register import list_signatories
from overens.membership.sign import SignRequest, sign
from overens.membership.withdraw import WithdrawRequest, withdraw
from overens.model.signatory import Signatory
from overens.model.status import Status
from overens.store import safe_yaml
from overens.store.loader import load

TODAY = dt.date(2030, 12, 31)
ADOPTED = dt.date(2020, 3, 1)
NOTICE_DAYS = 30  # the demo agreement's notice period
SLUG = "prop-forening"
PATH = f"agreements/demo/signatories/{SLUG}.yaml"

periods = st.lists(
    st.tuples(
        st.integers(0, 400),  # days from the previous effective date (or adoption) to signing
        st.integers(0, 400),  # days from signing to the notice
        st.integers(0, 60),  # days the withdrawal takes effect after the notice period
    ),
    min_size=1,
    max_size=3,
)


def _plan(
    steps: list[tuple[int, int, int]], last_open: bool
) -> list[tuple[dt.date, dt.date | None, dt.date | None]]:
    plan, start = [], ADOPTED
    for i, (gap, held, extra) in enumerate(steps):
        signed = start + dt.timedelta(days=gap)
        if last_open and i == len(steps) - 1:
            plan.append((signed, None, None))
            break
        notice = signed + dt.timedelta(days=held)
        effective = notice + dt.timedelta(days=NOTICE_DAYS + extra)
        plan.append((signed, notice, effective))
        start = effective
    return plan


def _expected(plan, day: dt.date) -> Status | None:
    """An oracle independent of the model: the periods as plain date intervals."""
    if any(s <= day and (e is None or day < e) for s, _, e in plan):
        return Status.ACTIVE
    if any(s <= day for s, _, _ in plan):
        return Status.WITHDRAWN
    return None  # applied and approved on the signing day: never pending before it


def _memberships(repo: Path) -> list[dict]:
    return safe_yaml.load(repo / PATH)["memberships"]


def _assert_valid(repo: Path) -> None:
    errors = [f for f in load(repo, ["demo"]).findings if f.path == PATH]
    assert errors == [], errors


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(periods, st.booleans())
def test_sign_withdraw_sign_keeps_every_record_and_derives_status(steps, last_open) -> None:
    plan = _plan(steps, last_open)
    assume(all((e or s) <= TODAY for s, _, e in plan))
    with tempfile.TemporaryDirectory() as folder:
        repo = Path(folder) / "repo"
        shutil.copytree(FIXTURES / "repo", repo)
        init_repo(repo)
        history: list[list[dict]] = [[]]
        for signed, notice, effective in plan:
            sign(
                SignRequest(
                    "demo",
                    name="Prop förening",
                    org_number="802477-1233",
                    sector="ideburen",
                    signed_by="Eva Ek",
                    contact_name="Kim Kontakt",
                    contact_email="kim@example.se",
                    applied=signed,
                    approved=signed,
                    date=signed,
                    democratic_values=True,
                ),
                repo=repo,
                today=TODAY,
            )
            now = _memberships(repo)
            assert now[:-1] == history[-1] and now[-1]["signed"]["date"] == signed.isoformat()
            _assert_valid(repo)
            history.append(now)
            if notice is None:
                continue
            withdraw(
                WithdrawRequest(
                    "demo", SLUG, notice_date=notice, effective=effective, reference="DNR 1"
                ),
                repo=repo,
                today=TODAY,
            )
            now = _memberships(repo)
            assert now[:-1] == history[-1][:-1]
            assert now[-1] == {
                **history[-1][-1],
                "withdrawal": {
                    "notice_date": notice.isoformat(),
                    "effective": effective.isoformat(),
                    "evidence": {"reference": "DNR 1"},
                },
            }
            _assert_valid(repo)
            history.append(now)
        assert len(_memberships(repo)) == len(plan)
        assert git(repo, "rev-list", "--count", "HEAD") == f"{1 + len(history) - 1}\n"
        assert git(repo, "status", "--porcelain") == ""

        signatory = Signatory.build(PATH, safe_yaml.load(repo / PATH))
        days = {ADOPTED, TODAY}
        for s, n, e in plan:
            days |= {s - dt.timedelta(days=1), s, s + dt.timedelta(days=1)}
            if n is not None and e is not None:
                days |= {n, e - dt.timedelta(days=1), e, e + dt.timedelta(days=1)}
        for day in sorted(days):
            expected = _expected(plan, day)
            assert signatory.status_on(day) is expected, (day, plan)
        for day in sorted(days)[:: max(1, len(days) // 4)]:  # and through `list`'s core
            entries = {e.id: e for e in list_signatories("demo", repo=repo, as_of=day).entries}
            got = entries[SLUG].status if SLUG in entries else None
            assert got == (expected.value if (expected := _expected(plan, day)) else None), (
                day,
                plan,
            )
