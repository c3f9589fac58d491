"""The challenge pages in English and Chinese: post a challenge through the form, publish
it, submit with an attachment, score, award — and the refusals shown on the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from tests.conftest import PASSWORD

from innofield.challenges import actions
from innofield.challenges.models import Challenge, Score, Submission
from innofield.ledger import queries as ledger

from .conftest import balance, fund, judging, published


def _client(username: str, lang: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Judging criteria", "In escrow", "Submit a solution", "Suggested solvers"]),
        ("zh-hans", ["评审标准", "托管中", "提交解决方案", "推荐的解题方"]),
    ],
)
def test_pages_in_both_languages(world: Any, lang: str, words: list[str]) -> None:
    c = published(world)
    lab = _client("labber", lang)
    assert lab.get("/challenges/").status_code == 200
    page = lab.get(f"/challenges/{c.pk}/").content.decode()
    for w in words:
        assert w in page, w
    assert _client("firmer", lang).get("/challenges/new/").status_code == 200
    assert Client().get(f"/challenges/{c.pk}/").status_code == 200  # published: public
    assert Client().get("/challenges/999/").status_code == 404


def test_a_draft_is_the_posters_own(world: Any) -> None:
    from .conftest import draft

    c = draft(world)
    assert _client("labber").get(f"/challenges/{c.pk}/").status_code == 404
    assert _client("firmer").get(f"/challenges/{c.pk}/").status_code == 200


def test_post_publish_submit_score_award_through_the_pages(world: Any) -> None:
    fund(world, world.firm, 50_000_000)
    firm = _client("firmer")
    deadline = (timezone.localtime() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    form = {
        "poster": "FIRM",
        "title": "Greenhouse film coating",
        "description": "lasting anti-fog",
        "prize": "1,000.50",
        "deadline": deadline,
        "criteria": "novelty|Novelty|40|10\nfeasibility|Feasibility|60|10",
        "min_score": "60",
        "judges": "officer",
        "regions": ["320000"],
        "foreign_allowed": "on",
    }
    bad = firm.post("/challenges/new/", {**form, "judges": "nobody"})
    assert bad.status_code == 200 and "judges.0: no user" in bad.content.decode()
    r = firm.post("/challenges/new/", form)
    c = Challenge.objects.get()
    assert r.status_code == 302 and c.prize_fen == 100_050 and c.regions == ["320000"]
    firm.post(f"/challenges/{c.pk}/act/", {"transition": "publish"})
    c.refresh_from_db()
    assert c.state == "open" and balance(f"challenges:prize:{c.pk}") == 100_050

    lab = _client("labber")
    lab.post(
        f"/challenges/{c.pk}/submit/",
        {
            "solver": "LAB",
            "title": "Silica topcoat",
            "text": "sol-gel",
            "attachment": SimpleUploadedFile("plan.txt", b"the plan", content_type="text/plain"),
        },
    )
    sub = Submission.objects.get()
    assert sub.attachment_name == "plan.txt"
    got = lab.get(f"/challenges/submissions/{sub.pk}/attachment/")
    assert got.status_code == 200 and got.content == b"the plan"
    assert (
        _client("rivaler").get(f"/challenges/submissions/{sub.pk}/attachment/").status_code == 404
    )

    actions.transition(
        actor=world.firmer,
        challenge_id=c.pk,
        move="close",
        now=c.deadline + dt.timedelta(minutes=1),
    )
    officer = _client("officer")
    page = officer.get(f"/challenges/{c.pk}/").content.decode()
    assert "Save scores" in page
    too_high = officer.post(
        f"/challenges/submissions/{sub.pk}/score/",
        {f"s{sub.pk}-score_novelty": "11", f"s{sub.pk}-score_feasibility": "5"},
    )
    assert too_high.status_code == 302 and not Score.objects.exists()
    officer.post(
        f"/challenges/submissions/{sub.pk}/score/",
        {f"s{sub.pk}-score_novelty": "9", f"s{sub.pk}-score_feasibility": "8"},
    )
    assert Score.objects.get().total == 36 + 48

    over = firm.post(f"/challenges/{c.pk}/award/", {f"amount_{sub.pk}": "1,000.51"}, follow=True)
    assert "the escrow holds 100050" in over.content.decode()
    firm.post(f"/challenges/{c.pk}/award/", {f"amount_{sub.pk}": "1,000.50"})
    c.refresh_from_db()
    assert c.state == "awarded" and balance("ORG-LAB") == 100_050
    page = Client().get(f"/challenges/{c.pk}/").content.decode()
    assert "Silica topcoat" in page and "¥1,000.50" in page  # the winner is public
    assert ledger.check_invariants() == []


def test_solvers_see_only_their_own_submission_while_judging(world: Any) -> None:
    from django.contrib.auth import get_user_model

    from innofield.registry.models import Membership, Organization

    zj = Organization.objects.create(code="ZJCO", name_zh="浙江公司", type="sme", region=world.zj)
    zjuser = get_user_model().objects.create_user("zjuser", password=PASSWORD)
    Membership.objects.create(user=zjuser, organization=zj, role="member")
    c = judging(world, [(world.rivaler, world.rival), (zjuser, zj)])
    page = _client("zjuser").get(f"/challenges/{c.pk}/").content.decode()
    assert "ZJCO idea" in page and "RIVAL idea" not in page
    assert "(0 judges)" not in page  # no scores shown to solvers before the decision
    judge_page = _client("officer").get(f"/challenges/{c.pk}/").content.decode()
    assert "ZJCO idea" in judge_page and "RIVAL idea" in judge_page
