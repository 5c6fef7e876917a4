"""Single practice runs through the API: open a case, ask, decide, get scored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.conftest import STAFF_TOKEN, FakeRasa
from wegwijzer.catalogue import DEFAULT_CATALOGUE_DIR
from wegwijzer.errors import CatalogueError

STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}"}


def start(client: TestClient, case_id: str) -> str:
    response = client.post("/api/practice/runs", json={"case_id": case_id}, headers=STAFF)
    assert response.status_code == 201, response.text
    run_id: str = response.json()["run_id"]
    return run_id


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/practice/cases"),
        ("GET", "/api/practice/choices"),
        ("POST", "/api/practice/runs"),
        ("POST", "/api/practice/runs/abc/ask"),
        ("POST", "/api/practice/runs/abc/decide"),
    ],
)
def test_practice_needs_a_staff_token(client: TestClient, method: str, path: str) -> None:
    assert client.request(method, path, json={}).status_code == 401
    wrong = {"Authorization": "Bearer wrong-token"}
    assert client.request(method, path, json={}, headers=wrong).status_code == 401


def test_cases_are_listed_without_their_answers(client: TestClient) -> None:
    cases = client.get("/api/practice/cases", headers=STAFF).json()
    assert len(cases) >= 30
    assert set(cases[0]) == {"id", "title", "persona"}


def test_choices_offer_every_topic_with_resolved_links(client: TestClient) -> None:
    choices = client.get("/api/practice/choices?branch=harlingen", headers=STAFF).json()
    parking = next(t for t in choices["topics"] if t["id"] == "parkeerboete")
    assert parking["links"] == [
        {"title": "Website van uw gemeente", "url": "https://www.harlingen.nl"}
    ]
    assert {p["id"] for p in choices["partners"]} >= {"formulierenhulp", "schuldhulp"}
    assert client.get("/api/practice/choices?branch=mars", headers=STAFF).status_code == 422


def test_a_whole_run_scores_the_decision(client: TestClient, fake_rasa: FakeRasa) -> None:
    response = client.post("/api/practice/runs", json={"case_id": "cjib_aanmaning"}, headers=STAFF)
    assert response.status_code == 201
    run = response.json()
    assert run["opening"].startswith("Goedemorgen. Ik heb deze brief gekregen.")
    ask = f"/api/practice/runs/{run['run_id']}/ask"
    reply = client.post(ask, json={"text": "Van wie is de brief?"}, headers=STAFF).json()
    assert reply == {
        "reply": "De brief komt van het CJIB. Er staat 'aanmaning' boven. "
        "Het gaat om een flitser in Drachten. Ik reed te hard, denk ik.",
        "about": "brief",
        "confused": False,
    }
    fake_rasa.ranking = [{"name": "verkeersboete", "confidence": 0.93}]
    fake_rasa.task_ranking = [{"name": "betalen", "confidence": 0.8}]
    decision = {
        "topic": "verkeersboete",
        "link_url": "https://www.cjib.nl",
        "digid_boundary": False,
        "referral": False,
        "partner": None,
    }
    result = client.post(f"/api/practice/runs/{run['run_id']}/decide", json=decision, headers=STAFF)
    assert result.status_code == 200, result.text
    body = result.json()
    assert (body["score"], body["max_score"]) == (4, 4)
    assert [f["part"] for f in body["feedback"]] == ["topic", "link", "digid_boundary", "referral"]
    assert body["expected"]["topic"] == "verkeersboete"
    assert body["expected"]["advice"].startswith("Laat meneer zien waar het betalingskenmerk")
    assert body["live"] == {"topic": "verkeersboete", "digid_required": False}
    assert fake_rasa.parsed == [run["opening"]]
    assert any("U vroeg niet naar: de termijn, DigiD" in r for r in body["remarks"])
    again = client.post(f"/api/practice/runs/{run['run_id']}/decide", json=decision, headers=STAFF)
    assert again.status_code == 409
    ask_after = client.post(
        f"/api/practice/runs/{run['run_id']}/ask", json={"text": "Nog iets?"}, headers=STAFF
    )
    assert ask_after.status_code == 409


def test_boundary_case_through_the_api(client: TestClient) -> None:
    run_id = start(client, "toeslagen_even_inloggen")
    ask = f"/api/practice/runs/{run_id}/ask"
    client.post(ask, json={"text": "Woont u alleen?"}, headers=STAFF)
    push = client.post(ask, json={"text": "Heeft u DigiD?"}, headers=STAFF).json()
    assert "Kunt u het niet gewoon voor mij doen?" in push["reply"]
    agree = client.post(ask, json={"text": "Vooruit, ik log even voor u in."}, headers=STAFF)
    assert agree.json()["about"] == "inloggen"
    body = client.post(
        f"/api/practice/runs/{run_id}/decide",
        json={
            "topic": "huurtoeslag",
            "link_url": "https://mijn.toeslagen.nl",
            "digid_boundary": True,
            "referral": True,
            "partner": "formulierenhulp",
        },
        headers=STAFF,
    ).json()
    assert body["score"] == 3
    boundary = next(f for f in body["feedback"] if f["part"] == "digid_boundary")
    assert boundary["ok"] is False
    assert "U bood aan om in te loggen voor de bezoeker. Dat mag nooit" in boundary["text"]


def test_decide_still_scores_when_rasa_is_down(client: TestClient, fake_rasa: FakeRasa) -> None:
    fake_rasa.down = True
    run_id = start(client, "paspoort_kind")
    body = client.post(
        f"/api/practice/runs/{run_id}/decide",
        json={"topic": "aow", "digid_boundary": True, "referral": False},
        headers=STAFF,
    ).json()
    assert body["live"] is None
    assert body["score"] == 1
    assert body["feedback"][0]["text"] == (
        "Het onderwerp is Paspoort en identiteitskaart, niet AOW."
    )


def test_unknown_cases_and_runs_are_404(client: TestClient) -> None:
    unknown = client.post("/api/practice/runs", json={"case_id": "bestaat_niet"}, headers=STAFF)
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Deze oefening bestaat niet."}
    ask = client.post("/api/practice/runs/nope/ask", json={"text": "Hallo"}, headers=STAFF)
    assert ask.status_code == 404
    bad = client.post("/api/practice/runs", json={"case_id": "../etc"}, headers=STAFF)
    assert bad.status_code == 422


def test_empty_or_malformed_questions_are_422(client: TestClient) -> None:
    run_id = start(client, "paspoort_kind")
    for body in ({"text": "   "}, {"text": "x" * 2001}, {}, {"text": 5}):
        response = client.post(f"/api/practice/runs/{run_id}/ask", json=body, headers=STAFF)
        assert response.status_code == 422
    decide = client.post(
        f"/api/practice/runs/{run_id}/decide",
        json={"digid_boundary": "misschien", "referral": False, "partner": "notaris"},
        headers=STAFF,
    )
    assert decide.status_code == 422
    assert set(decide.json()["detail"]["errors"]) == {"digid_boundary", "partner"}


def test_a_broken_case_stops_the_app_start(tmp_path: Path, settings: Settings) -> None:
    catalogue_dir = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_CATALOGUE_DIR, catalogue_dir)
    case = catalogue_dir / "cases" / "cjib_aanmaning.yml"
    case.write_text(
        case.read_text(encoding="utf-8").replace("link: info", "link: folder"), encoding="utf-8"
    )
    with pytest.raises(CatalogueError, match=r"cases/cjib_aanmaning\.yml: expected\.link"):
        create_app(settings.model_copy(update={"catalogue_dir": catalogue_dir}))
