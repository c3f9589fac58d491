"""Each rule of a challenge, allowed and refused, the refusal naming the field; a refused
operation writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from innofield.challenges import actions, money, submissions
from innofield.challenges.models import Challenge, Submission
from innofield.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from innofield.core.models import AuditLog
from innofield.ledger import queries as ledger
from innofield.registry.models import Organization, Region

from .conftest import CRITERIA, balance, draft, fund, judging, published, score_all


def fields(exc: pytest.ExceptionInfo[ValidationFailed]) -> set[str]:
    return {e.field for e in exc.value.errors}


def test_prize_must_be_above_zero(world: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        draft(world, prize_fen=0)
    assert fields(exc) == {"prize_fen"}
    assert not Challenge.objects.exists()
    assert draft(world, prize_fen=1).prize_fen == 1


def test_prize_is_funded_from_the_posters_account(world: Any) -> None:
    c = draft(world)
    with pytest.raises(ValidationFailed) as exc:  # no account at all
        actions.transition(actor=world.firmer, challenge_id=c.pk, move="publish")
    assert fields(exc) == {"prize_fen"}
    fund(world, world.firm, 9_999_999)  # one fen short
    with pytest.raises(ValidationFailed) as exc:
        actions.transition(actor=world.firmer, challenge_id=c.pk, move="publish")
    assert fields(exc) == {"prize_fen"} and "ORG-FIRM" in str(exc.value)
    c.refresh_from_db()
    assert c.state == "draft" and balance(money.escrow_code(c.pk)) == 0
    fund(world, world.firm, 1)
    c = actions.transition(actor=world.firmer, challenge_id=c.pk, move="publish")
    assert c.state == "open" and balance(money.escrow_code(c.pk)) == 10_000_000
    assert balance("ORG-FIRM") == 0
    assert ledger.check_invariants() == []


def test_only_the_posters_payers_publish(world: Any) -> None:
    fund(world, world.firm, 20_000_000)
    from django.contrib.auth import get_user_model

    from innofield.registry.models import Membership

    clerk = get_user_model().objects.create_user("clerk", password=world.password)
    Membership.objects.create(user=clerk, organization=world.firm, role="member")
    c = draft(world)
    with pytest.raises(PermissionDenied):  # sees the draft, may not pay for the firm
        actions.transition(actor=clerk, challenge_id=c.pk, move="publish")
    with pytest.raises(NotFound):  # the draft is hidden from other organisations
        actions.transition(actor=world.labber, challenge_id=c.pk, move="publish")


def test_deadline_must_be_in_the_future(world: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        draft(world, deadline=timezone.now() - dt.timedelta(minutes=1))
    assert fields(exc) == {"deadline"}
    c = draft(world)
    fund(world, world.firm, 20_000_000)
    with pytest.raises(ValidationFailed) as exc:
        actions.transition(
            actor=world.firmer,
            challenge_id=c.pk,
            move="publish",
            now=c.deadline + dt.timedelta(seconds=1),
        )
    assert fields(exc) == {"deadline"}
    with pytest.raises(ValidationFailed) as exc:
        draft(world, award_deadline=timezone.now() + dt.timedelta(days=1))
    assert fields(exc) == {"award_deadline"}


def test_firms_and_government_post_challenges(world: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        draft(world, actor=world.labber, poster=world.lab)
    assert fields(exc) == {"poster"}
    assert draft(world, actor=world.officer, poster=world.gov).poster == world.gov


def test_criteria_weights_add_up_to_100(world: Any) -> None:
    bad = [{**CRITERIA[0], "weight": 20}, *CRITERIA[1:]]
    with pytest.raises(ValidationFailed) as exc:
        draft(world, criteria=bad)
    assert fields(exc) == {"criteria"}
    with pytest.raises(ValidationFailed) as exc:
        draft(world, criteria=[{**CRITERIA[0], "max": 0}, *CRITERIA[1:]])
    assert fields(exc) == {"criteria.0.max"}


def test_judges_are_existing_users_named_once(world: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        draft(world, judges=["officer", "nobody", "officer"])
    assert fields(exc) == {"judges.1", "judges.2"}


def test_eligibility_names_known_regions_and_types(world: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        draft(world, regions=["999999"], org_types=["wizard"])
    assert fields(exc) == {"regions.0", "org_types.0"}


def _submit(world: Any, c: Any, user: Any, org: Any, **kw: Any) -> Submission:
    return submissions.submit(
        actor=user, challenge_id=c.pk, solver=org, title="idea", text="how", **kw
    )


def test_eligible_region_includes_the_cities_below_it(world: Any) -> None:
    c = published(world, regions=["320000"])  # Jiangsu: LAB (Nanjing) and RIVAL
    assert _submit(world, c, world.labber, world.lab).state == "submitted"
    zj_org = Organization.objects.create(code="ZJ", name_zh="浙江公司", type="sme", region=world.zj)
    with pytest.raises(ValidationFailed) as exc:
        _submit(world, c, world.admin, zj_org)
    assert fields(exc) == {"solver"} and "330000" in str(exc.value)


def test_eligible_organisation_types(world: Any) -> None:
    c = published(world, org_types=["sme"])
    with pytest.raises(ValidationFailed) as exc:
        _submit(world, c, world.labber, world.lab)
    assert fields(exc) == {"solver"}
    assert _submit(world, c, world.rivaler, world.rival).state == "submitted"


def test_foreign_solvers_follow_the_flag(world: Any) -> None:
    de = Region.objects.create(code="DE", level="country", name_zh="德国", name_en="Germany")
    fraunhofer = Organization.objects.create(
        code="FHG", name_zh="弗劳恩霍夫", type="research_institute", region=de, country="DE"
    )
    centre = Organization.objects.create(
        code="FRD", name_zh="外资研发中心", type="foreign_rd_centre", region=world.nj
    )
    closed = published(world, foreign_allowed=False, regions=["320000"])
    for org in (fraunhofer, centre):
        with pytest.raises(ValidationFailed) as exc:
            _submit(world, closed, world.admin, org)
        assert fields(exc) == {"solver"} and "domestic" in str(exc.value)
    open_ = published(world, foreign_allowed=True, regions=["320000"])
    # foreign solvers may take part whatever the regions say
    assert _submit(world, open_, world.admin, fraunhofer).state == "submitted"


def test_the_poster_does_not_solve_and_one_live_submission_each(world: Any) -> None:
    c = published(world)
    with pytest.raises(ValidationFailed) as exc:
        _submit(world, c, world.firmer, world.firm)
    assert fields(exc) == {"solver"}
    _submit(world, c, world.labber, world.lab)
    with pytest.raises(ValidationFailed) as exc:
        _submit(world, c, world.labber, world.lab)
    assert fields(exc) == {"solver"}


def test_no_submission_after_the_deadline(world: Any) -> None:
    c = published(world)
    with pytest.raises(ValidationFailed) as exc:
        _submit(world, c, world.labber, world.lab, now=c.deadline)
    assert fields(exc) == {"deadline"}
    assert not Submission.objects.exists()


def test_attachment_size_is_limited(world: Any, settings: Any) -> None:
    settings.INNOFIELD_MAX_UPLOAD_BYTES = 10
    c = published(world)
    with pytest.raises(ValidationFailed) as exc:
        _submit(world, c, world.labber, world.lab, attachment=b"x" * 11, attachment_name="a.pdf")
    assert fields(exc) == {"attachment"}
    sub = _submit(world, c, world.labber, world.lab, attachment=b"x" * 10, attachment_name="a.pdf")
    assert bytes(sub.attachment) == b"x" * 10


def test_judges_score_within_the_criteria_ranges(world: Any) -> None:
    c = judging(world)
    sub = c.subs[0]
    with pytest.raises(ValidationFailed) as exc:
        submissions.score(
            actor=world.officer,
            submission_id=sub.pk,
            scores={"novelty": 11, "feasibility": 5, "cost": -1},
        )
    assert fields(exc) == {"scores.novelty", "scores.cost"}
    with pytest.raises(ValidationFailed) as exc:
        submissions.score(
            actor=world.officer, submission_id=sub.pk, scores={"novelty": 5, "colour": 3}
        )
    assert fields(exc) == {"scores.colour", "scores.feasibility", "scores.cost"}
    row = submissions.score(
        actor=world.officer,
        submission_id=sub.pk,
        scores={"novelty": 10, "feasibility": 5, "cost": 2.5},
    )
    assert row.total == 30 + 25 + 10  # weights 30/50/20, cost out of 5


def test_only_named_judges_score_and_never_their_own_organisation(world: Any) -> None:
    c = judging(world, [(world.rivaler, world.rival), (world.labber, world.lab)])
    marks = {"novelty": 5, "feasibility": 5, "cost": 3}
    with pytest.raises(PermissionDenied):
        submissions.score(actor=world.firmer, submission_id=c.subs[0].pk, scores=marks)
    with pytest.raises(ValidationFailed) as exc:
        submissions.score(actor=world.labber, submission_id=c.subs[1].pk, scores=marks)
    assert fields(exc) == {"judge"}


def test_judges_score_only_while_judging(world: Any) -> None:
    c = published(world)
    sub = _submit(world, c, world.rivaler, world.rival)
    with pytest.raises(Conflict):
        submissions.score(
            actor=world.officer,
            submission_id=sub.pk,
            scores={"novelty": 5, "feasibility": 5, "cost": 3},
        )


def test_awards_stay_within_the_escrow(world: Any) -> None:
    zj = Organization.objects.create(code="ZJCO", name_zh="浙江公司", type="sme", region=world.zj)
    c = judging(world, [(world.rivaler, world.rival), (world.admin, zj)])
    for sub in c.subs:
        score_all(world, sub, {"novelty": 8, "feasibility": 8, "cost": 4})
    a, b = c.subs
    with pytest.raises(ValidationFailed) as exc:
        actions.award(
            actor=world.firmer,
            challenge_id=c.pk,
            awards=[
                {"submission": a.pk, "amount_fen": 6_000_000},
                {"submission": b.pk, "amount_fen": 4_000_001},
            ],
        )
    assert fields(exc) == {"awards"}
    c.refresh_from_db()
    assert c.state == "judging" and balance(money.escrow_code(c.pk)) == 10_000_000
    actions.award(
        actor=world.firmer,
        challenge_id=c.pk,
        awards=[
            {"submission": a.pk, "amount_fen": 6_000_000},
            {"submission": b.pk, "amount_fen": 3_000_000},
        ],
    )
    c.refresh_from_db()
    assert c.state == "awarded" and c.returned_fen == 1_000_000
    assert balance("ORG-RIVAL") == 6_000_000 and balance("ORG-ZJCO") == 3_000_000
    assert balance("ORG-FIRM") == 10_000_000 + 1_000_000
    assert balance(money.escrow_code(c.pk)) == 0
    assert set(Submission.objects.values_list("state", flat=True)) == {"awarded"}
    assert ledger.check_invariants() == []


def test_only_qualifying_fully_scored_submissions_win(world: Any) -> None:
    c = judging(world, [(world.rivaler, world.rival), (world.labber, world.lab)])
    weak, unscored = c.subs
    score_all(world, weak, {"novelty": 5, "feasibility": 5, "cost": 2})  # 15+25+8 = 48 < 60
    submissions.score(
        actor=world.officer,
        submission_id=unscored.pk,
        scores={"novelty": 10, "feasibility": 10, "cost": 5},
    )
    with pytest.raises(ValidationFailed) as exc:
        actions.award(
            actor=world.firmer,
            challenge_id=c.pk,
            awards=[
                {"submission": weak.pk, "amount_fen": 1},
                {"submission": unscored.pk, "amount_fen": 1},
            ],
        )
    assert fields(exc) == {"awards.0.submission", "awards.1.submission"}
    assert "below 60" in str(exc.value) and "scored by 1 of 2" in str(exc.value)


def test_nobody_qualifies_the_prize_goes_back(world: Any) -> None:
    c = judging(world)
    actions.transition(actor=world.firmer, challenge_id=c.pk, move="return")
    c.refresh_from_db()
    assert c.state == "returned" and c.returned_fen == 10_000_000
    assert balance("ORG-FIRM") == 20_000_000
    assert Submission.objects.get().state == "declined"
    assert ledger.check_invariants() == []


def test_the_sweep_closes_and_expires(world: Any) -> None:
    empty = published(world)
    busy = published(world)
    _submit(world, busy, world.labber, world.lab)
    counts = actions.sweep(now=busy.deadline + dt.timedelta(minutes=1))
    assert counts == {"closed": 1, "expired": 1}
    empty.refresh_from_db()
    busy.refresh_from_db()
    assert empty.state == "returned" and busy.state == "judging"
    assert actions.sweep(now=busy.award_deadline) == {"closed": 0, "expired": 1}
    busy.refresh_from_db()
    assert busy.state == "returned" and busy.returned_fen == busy.prize_fen
    assert balance("ORG-FIRM") == 40_000_000
    assert ledger.check_invariants() == []


def test_withdraw_only_before_anyone_submits(world: Any) -> None:
    c = published(world)
    _submit(world, c, world.labber, world.lab)
    with pytest.raises(Conflict):
        actions.transition(actor=world.firmer, challenge_id=c.pk, move="withdraw")
    quiet = published(world)
    actions.transition(actor=world.firmer, challenge_id=quiet.pk, move="withdraw")
    quiet.refresh_from_db()
    assert quiet.state == "withdrawn" and quiet.returned_fen == quiet.prize_fen
    assert ledger.check_invariants() == []


def test_close_waits_for_the_deadline(world: Any) -> None:
    c = published(world)
    _submit(world, c, world.labber, world.lab)
    with pytest.raises(ValidationFailed) as exc:
        actions.transition(actor=world.firmer, challenge_id=c.pk, move="close")
    assert fields(exc) == {"deadline"}


def test_ledger_check_sees_an_escrow_that_disagrees(world: Any) -> None:
    c = published(world)
    assert ledger.check_invariants() == []
    Challenge.objects.filter(pk=c.pk).update(prize_fen=c.prize_fen + 5)
    problems = ledger.check_invariants()
    assert any("challenges:" in p and money.escrow_code(c.pk) in p for p in problems)


def test_every_change_leaves_one_audit_row(world: Any) -> None:
    c = judging(world)
    score_all(world, c.subs[0], {"novelty": 8, "feasibility": 8, "cost": 4})
    actions.award(
        actor=world.firmer,
        challenge_id=c.pk,
        awards=[{"submission": c.subs[0].pk, "amount_fen": 10_000_000}],
    )
    events = list(
        AuditLog.objects.filter(action__startswith="challenges.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert events == [
        "challenges.challenge.create",
        "challenges.challenge.publish",
        "challenges.submission.submit",
        "challenges.challenge.close",
        "challenges.score.set",
        "challenges.score.set",
        "challenges.challenge.award",
    ]
