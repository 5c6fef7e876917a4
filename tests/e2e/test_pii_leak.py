"""PII typed into the chat in many spellings is found nowhere under the stack's work folder.

A stack of its own (Rasa and the app on free loopback ports), so the files can
be read while it runs (databases with their WAL files) and again after it
stopped (logs flushed, databases closed). The same stack then shows that
retention removes the transcripts from Rasa's tracker store while Rasa runs.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.processes import LocalStack, sqlite_tracker, start_local_stack
from bot.train import model_path
from wegwijzer.config import Settings
from wegwijzer.retention import run

pytestmark = pytest.mark.e2e

# (what the visitor types, the values that may be found in no file). Each value
# is listed as typed and in its plain form (digits only, IBAN compact).
CASES: list[tuple[str, tuple[str, ...]]] = [
    # BSN: 11-proef on the collapsed digits, or a word nearby.
    ("mijn bsn is 908301662", ("908301662",)),
    ("BSN: 1318-60-914", ("1318-60-914", "131860914")),
    ("bsn 390.996.038 graag", ("390.996.038", "390996038")),
    ("BSN: 08 24 62 811", ("08 24 62 811", "082462811")),
    ("burgerservicenummer 9482.19.932", ("9482.19.932", "948219932")),
    ("mijn nummer is 518190936, kunt u kijken?", ("518190936",)),
    ("７８６５７９７５４ is mijn bsn", ("７８６５７９７５４", "786579754")),
    ("bsn:432\u200b319\u200b487", ("432\u200b319\u200b487", "432319487")),
    ("sofinummer 12350114", ("12350114",)),  # a BSN that lost its leading zero
    ("bsn 625 276 012 staat op mijn pas", ("625 276 012", "625276012")),
    ("mijn bsn is (895) 559-791", ("(895) 559-791", "895559791")),
    ("mijn bsn is 123456789", ("123456789",)),  # fails the 11-proef, but named
    # IBAN: mod 97 on the collapsed text, any case, any separator.
    ("iban NL91ABNA0417164300", ("NL91ABNA0417164300", "0417164300")),
    ("mijn rekening is nl20-ingb-0001-2345-67", ("nl20-ingb-0001-2345-67", "0001234567")),
    ("stort het op NL 44 RABO 0123 4567 89 graag", ("RABO 0123 4567 89", "0123456789")),
    ("DE89 3704 0044 0532 0130 00", ("DE89 3704 0044 0532 0130 00", "370400440532013000")),
    ("gb29.nwbk.6016.1331.9268.19", ("gb29.nwbk.6016.1331.9268.19", "60161331926819")),
    ("rekening BE68 5390 0754 7034", ("BE68 5390 0754 7034", "539007547034")),
    # SMS codes, PINs and activation codes near a word that names them.
    ("ik kreeg een sms met 482913", ("482913",)),
    ("de code uit de sms is 57 29 16", ("57 29 16", "572916")),
    ("sms-code: 771-234", ("771-234", "771234")),
    ("935187 is de sms code", ("935187",)),
    ("de inlogcode is 6 1 8 2 7 3", ("6 1 8 2 7 3", "618273")),
    ("pincode 7351", ("7351",)),
    ("mijn pin is 2580 en die werkt niet", ("2580",)),
    ("mijn activeringscode is KX7Q-9MZP-2L4T", ("KX7Q-9MZP-2L4T", "KX7Q9MZP2L4T")),
    ("koppelcode: X7KQ9", ("X7KQ9",)),
    ("ik heb een sms gekregen, daar staat 40 81 27 in", ("40 81 27", "408127")),
    # Passwords, named before or after, "ww" and "password" too.
    ("ww is Zomer2024!", ("Zomer2024",)),
    ("mijn wachtwoord is kattenkwaad", ("kattenkwaad",)),
    ("Geheim99! is mijn wachtwoord", ("Geheim99",)),
    ("inloggen met Appeltaart#7 als wachtwoord", ("Appeltaart#7",)),
    ("password=Fiets2023", ("Fiets2023",)),
    ("mijn ww voor digid: Kaas&Wijn42", ("Kaas&Wijn42",)),
    ("mijn wachtwoord is 14-07-1961", ("14-07-1961",)),
    # Contact details in the chat (they belong in the referral form only).
    ("mail me op wilhelmina.zonderland@example.org", ("wilhelmina.zonderland",)),
    ("bel me op 06-13572468", ("06-13572468", "0613572468", "+31613572468")),
]
# A plain word in a plain question: kept in the transcript, gone after retention.
MARKER = "Kolkenpoortje"
STARTUP_TIMEOUT = 300.0


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    model = model_path()
    if not model.exists():
        pytest.fail(f"no trained model at {model}: run `make test`, which trains it first")
    work = tmp_path_factory.mktemp("pii-stack")
    try:
        stack = start_local_stack(
            model, work, app_env={"WEGWIJZER_DELIVERY_WORKER": "false"}, timeout=STARTUP_TIMEOUT
        )
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield stack
    finally:
        stack.stop()


def chat(stack: LocalStack, text: str, session_id: str | None = None) -> dict[str, Any]:
    response = httpx.post(
        f"{stack.app_url}/api/chat", json={"text": text, "session_id": session_id}, timeout=30
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def contains_value(data: bytes, value: str) -> bool:
    """The value as a whole, not as digits inside a longer number.

    Rasa's tracker stores many confidences (0.18325803...) and timestamps: a short
    code such as 2580 appears inside them by chance, which is no leak.
    """
    pattern = re.escape(value.encode())
    if value[:1].isdigit():
        pattern = rb"(?<![0-9])" + pattern
    if value[-1:].isdigit():
        pattern += rb"(?![0-9])"
    return re.search(pattern, data) is not None


def leaks(work: Path, needles: list[str]) -> list[tuple[str, str]]:
    """(file, value) for every value found in any file under `work`, as UTF-8 bytes."""
    found = []
    for path in sorted(p for p in work.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [(str(path.relative_to(work)), n) for n in needles if contains_value(data, n)]
    return found


def tracker_files(work: Path) -> list[Path]:
    database = sqlite_tracker(work)
    return sorted(database.parent.glob(database.name + "*"))


def test_pii_in_many_spellings_reaches_no_file_and_retention_clears_the_transcripts(
    own_stack: LocalStack,
) -> None:
    work = own_stack.work
    assert len(CASES) >= 30
    needles = [needle for _, values in CASES for needle in values]
    # One conversation per few messages, as visitors come and go.
    session_id = None
    for number, (text, _values) in enumerate(CASES):
        if number % 6 == 0:
            session_id = None
        body = chat(own_stack, text, session_id)
        session_id = body["session_id"]
        warning = body["messages"][0]
        assert (warning["custom"] or {}).get("type") == "pii_removed", (text, body)
    question = chat(own_stack, f"Ik woon aan het {MARKER}, heb ik recht op huurtoeslag?")

    # While the stack runs: databases, WAL files and the logs so far.
    names = {p.name for p in work.rglob("*") if p.is_file()}
    assert {"app.db", "tracker.db", "rasa.log", "app.log"} <= names, names
    assert leaks(work, needles) == []
    assert any(MARKER.encode() in p.read_bytes() for p in tracker_files(work))

    # Retention while Rasa and the app keep running: the transcripts go.
    report = run(
        Settings(
            database_url=f"sqlite:///{work / 'app.db'}",
            rasa_tracker_db=sqlite_tracker(work),
            transcript_hours=0,
        ),
        now=time.time() + 1,
    )
    assert report.transcript_events > len(CASES)
    with sqlite3.connect(sqlite_tracker(work)) as connection:
        assert connection.execute("SELECT COUNT(*) FROM events").fetchone() == (0,)
    assert not any(MARKER.encode() in p.read_bytes() for p in tracker_files(work))
    # The conversation simply starts afresh.
    again = chat(own_stack, "Heb ik recht op huurtoeslag?", question["session_id"])
    assert again["messages"]

    # After the stack stopped: logs flushed, databases closed.
    own_stack.stop()
    assert leaks(work, needles) == []
