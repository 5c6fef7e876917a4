"""How triage results become bot messages (rasa_sdk `utter_message` keyword sets)."""

from __future__ import annotations

from typing import Any

from wegwijzer.answers import ResolvedLink, ResolvedQuestion, compose_answer
from wegwijzer.catalogue import Catalogue, Task
from wegwijzer.digid import digid_required
from wegwijzer.guide import topic_task_payload
from wegwijzer.triage import TriageResult, Verdict

LINKS_MESSAGE_TYPE = "links"
BOUNDARY_MESSAGE_TYPE = "digid_boundary"
SOMETHING_ELSE_PAYLOAD = "/deny"
BROWSE_PAYLOAD = "/browse"
MACHTIGEN_TOPIC = "digid_machtigen"


def task_question(catalogue: Catalogue, result: TriageResult) -> dict[str, Any]:
    """Information, or do it now? The visitor's answer settles the DigiD verdict."""
    assert result.topic is not None
    topic = catalogue.topics[result.topic]
    texts = catalogue.texts
    options = (result.task, *result.task_doubt)
    act = next(t for t in options if digid_required(topic, t))
    info = next((t for t in options if not digid_required(topic, t)), Task.INFORMATIE)
    return {
        "text": f"{topic.title}. {texts.task_question}",
        "buttons": [
            {
                "title": texts.task_choice_information,
                "payload": topic_task_payload(result.topic, info),
            },
            {"title": texts.task_choice_act, "payload": topic_task_payload(result.topic, act)},
        ],
    }


def link_payload(link: ResolvedLink) -> dict[str, str | bool | None]:
    return {
        "title": link.title,
        "url": link.url,
        "provider": link.provider,
        "domain": link.domain,
        "portal": link.portal,
        "page_language": link.page_language,
        "page_note": link.page_note,
    }


def links_message(
    topic: str, links: tuple[ResolvedLink, ...], task: Task = Task.INFORMATIE
) -> dict[str, Any]:
    """Links as a custom payload: the kiosk shows them as cards with provider and domain.

    The task goes along so the app can add the take-home slip's signed URL.
    """
    return {
        "json_message": {
            "type": LINKS_MESSAGE_TYPE,
            "topic": topic,
            "task": task.value,
            "links": [link_payload(link) for link in links],
        }
    }


def question_message(question: ResolvedQuestion) -> dict[str, Any]:
    """A choice button sends its topic's intent; the task travels in `pending_task`."""
    return {
        "text": question.text,
        "buttons": [{"title": c.title, "payload": f"/{c.topic}"} for c in question.choices],
    }


def boundary_marker(result: TriageResult) -> dict[str, Any]:
    """The machine-readable boundary (spec: interfaces.md), beside the B1 text."""
    return {
        "json_message": {
            "type": BOUNDARY_MESSAGE_TYPE,
            "topic": result.topic,
            "task": result.task.value,
        }
    }


def route_question_messages(
    catalogue: Catalogue, result: TriageResult, question: ResolvedQuestion
) -> list[dict[str, Any]]:
    """The route question, and the DigiD boundary when every route reaches it.

    Objecting to a parking fine needs DigiD whether the bon came from the gemeente
    or the CJIB: the visitor hears that now, not only after choosing. The referral
    offer waits for the answer, which names the organisation to object to. A task
    in doubt is not a boundary yet.
    """
    messages: list[dict[str, Any]] = []
    if question.digid_required and not result.task_uncertain:
        messages += [{"text": catalogue.texts.route_digid_notice}, boundary_marker(result)]
    # The question comes last: its buttons are what the visitor answers, and a
    # pressed button is recognised by the question being the last thing said.
    return [*messages, question_message(question)]


def small_talk_reply(catalogue: Catalogue, intent: str) -> str:
    """The catalogue's reply to a greeting, thanks, a goodbye or a bare "ja"."""
    reply = getattr(catalogue.texts, f"reply_{intent}", None)
    if not isinstance(reply, str):
        raise KeyError(f"the catalogue has no reply to the intent {intent!r}")
    return reply


def topic_buttons(catalogue: Catalogue, result: TriageResult) -> list[dict[str, str]]:
    buttons = [
        {"title": catalogue.topics[c.name].title, "payload": f"/{c.name}"}
        for c in result.candidates
    ]
    buttons.append({"title": catalogue.texts.something_else, "payload": SOMETHING_ELSE_PAYLOAD})
    return buttons


def asks_topic_at_the_boundary(result: TriageResult) -> bool:
    """Which topic is asked first, though every one offered needs DigiD for the task.

    The referral offer waits for the choice, which names the organisation.
    """
    return result.topic is None and bool(result.candidates) and result.at_the_boundary


def triage_messages(
    catalogue: Catalogue, result: TriageResult, branch: str
) -> list[dict[str, Any]]:
    texts = catalogue.texts
    if result.verdict is Verdict.TOPIC and result.topic is not None and result.task_uncertain:
        return [task_question(catalogue, result)]
    if result.verdict is Verdict.CONVERSATION and result.small_talk is not None:
        return [{"text": small_talk_reply(catalogue, result.small_talk)}]
    messages = _answer_messages(catalogue, result)
    if asks_topic_at_the_boundary(result):
        # The question comes last: its buttons are what the visitor answers.
        return [{"text": texts.route_digid_notice}, boundary_marker(result), *messages]
    if result.for_someone_else and result.verdict is Verdict.TOPIC:
        messages.append({"text": texts.helping_someone_else})
    if result.task is Task.INLOGGEN_VOOR_MIJ:
        messages.append({"text": texts.digid_login_for_me})
    elif result.digid_required:
        # Also for arranging DigiD Machtigen, which is not the boundary: the visitor
        # still logs in alone and shares no codes, but needs no referral for it.
        messages.append({"text": texts.digid_notice})
    if result.at_the_boundary:
        messages.append(boundary_marker(result))
        messages += boundary_messages(catalogue, branch)
    return messages


def _answer_messages(catalogue: Catalogue, result: TriageResult) -> list[dict[str, Any]]:
    """The answer itself, before any DigiD notice: a topic's, a choice, or none."""
    texts = catalogue.texts
    messages: list[dict[str, Any]] = []
    if result.verdict is Verdict.TOPIC and result.topic is not None:
        messages.append({"text": result.answer})
        if result.links:
            messages.append(links_message(result.topic, result.links, result.task))
    elif result.verdict is Verdict.LIFE_EVENT and result.life_event is not None:
        event = catalogue.life_events[result.life_event]
        messages.append({"text": event.text, "buttons": topic_buttons(catalogue, result)})
    elif result.verdict is Verdict.UNCLEAR and result.candidates:
        question = texts.which_scheme if result.offered_again else texts.did_you_mean
        messages.append({"text": question, "buttons": topic_buttons(catalogue, result)})
    elif result.task is Task.INLOGGEN_VOOR_MIJ:
        pass
    elif result.verdict is Verdict.OUT_OF_SCOPE:
        messages.append({"text": texts.out_of_scope})
    else:
        # Nothing to go on: typing again is not the only way in.
        messages.append(
            {
                "text": texts.not_understood,
                "buttons": [{"title": texts.browse_start, "payload": BROWSE_PAYLOAD}],
            }
        )
    return messages


def boundary_messages(catalogue: Catalogue, branch: str) -> list[dict[str, Any]]:
    """DigiD Machtigen as the legal way to get help, then the warm referral offer."""
    texts = catalogue.texts
    machtigen = compose_answer(catalogue, MACHTIGEN_TOPIC, Task.INFORMATIE, branch)
    messages: list[dict[str, Any]] = [
        {"text": texts.machtigen_hint},
        links_message(MACHTIGEN_TOPIC, (machtigen.info,)),
    ]
    messages.append(referral_question(texts.referral_offer, catalogue))
    return messages


def referral_question(text: str, catalogue: Catalogue) -> dict[str, Any]:
    """The offer, or the check after an unclear answer to it, with its two buttons."""
    texts = catalogue.texts
    return {
        "text": text,
        "buttons": [
            {"title": texts.referral_yes, "payload": "/affirm"},
            {"title": texts.referral_no, "payload": "/deny"},
        ],
    }
