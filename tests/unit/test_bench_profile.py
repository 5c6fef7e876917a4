"""Attributing py-spy samples of Rasa to its parts."""

from __future__ import annotations

from bench.profile import OTHER, attribute

HEAD = "main (rasa/__main__.py:133);Agent.handle_message (rasa/core/agent.py:419)"
PARSE = "MessageProcessor.parse_message (rasa/core/processor.py:724)"
DIET = "DIETClassifier.process (rasa/nlu/classifiers/diet_classifier.py:1049)"
SAVE = "SQLTrackerStore.save (rasa/core/tracker_store.py:1339)"
PREDICT = "MessageProcessor._predict_next_with_tracker (rasa/core/processor.py:1120)"
RUN_ACTION = "MessageProcessor._run_action (rasa/core/processor.py:982)"
LOG = "MessageProcessor.log_message (rasa/core/processor.py:466)"


def test_each_sample_counts_once_for_the_part_it_is_in() -> None:
    raw = [
        f"{HEAD};{LOG};{PARSE};{DIET} 6",
        f"{HEAD};{LOG};{SAVE} 2",  # the tracker store, even below log_message
        f"{HEAD};{PREDICT} 1",
        f"{HEAD};{RUN_ACTION};RemoteAction.run (rasa/core/actions/action.py:790) 1",
        f"{HEAD};Http.http1 (sanic/http.py:146) 2",
        "",
        "not a sample line",
    ]
    shares = attribute(raw)
    assert shares == {
        "tracker_store": 0.167,
        "nlu": 0.5,
        "policies": 0.083,
        "actions": 0.083,
        OTHER: 0.167,
        "samples": 12,
    }


def test_no_samples_gives_zero_shares_not_an_error() -> None:
    assert attribute([])["samples"] == 0
    assert attribute([])["nlu"] == 0.0
