"""The provider quiz through the API: questions without answers, feedback, anonymous totals."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import STAFF_TOKEN

STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}"}


def test_quiz_round_gives_feedback_and_keeps_only_totals(client: TestClient) -> None:
    quiz = client.get("/api/practice/quiz?count=6", headers=STAFF).json()
    assert len(quiz["questions"]) == 6
    assert set(quiz["questions"][0]) == {"id", "text", "choices"}, "no answer in the quiz"
    wrong = client.post(
        "/api/practice/quiz/answers",
        json={"question_id": "provider:verkeersboete", "choice": "Dienst Toeslagen"},
        headers=STAFF,
    )
    assert wrong.status_code == 200, wrong.text
    assert wrong.json()["correct"] is False
    assert wrong.json()["answer"] == "CJIB"
    assert wrong.json()["link"]["domain"] == "cjib.nl"
    right = client.post(
        "/api/practice/quiz/answers",
        json={"question_id": "provider:verkeersboete", "choice": "CJIB"},
        headers=STAFF,
    ).json()
    assert right["correct"] is True
    totals = client.get("/api/practice/quiz/totals", headers=STAFF).json()
    assert totals == [
        {
            "question_id": "provider:verkeersboete",
            "text": "Welke organisatie gaat over Verkeersboete?",
            "answers": 2,
            "right": 1,
        }
    ]


def test_quiz_rejects_unknown_questions_and_choices(client: TestClient) -> None:
    unknown = client.post(
        "/api/practice/quiz/answers", json={"question_id": "x:y", "choice": "Ja"}, headers=STAFF
    )
    assert unknown.status_code == 404
    not_a_choice = client.post(
        "/api/practice/quiz/answers",
        json={"question_id": "site:aow", "choice": "google.com"},
        headers=STAFF,
    )
    assert not_a_choice.status_code == 422
    assert client.get("/api/practice/quiz?count=0", headers=STAFF).status_code == 422
    assert client.get("/api/practice/quiz").status_code == 401
