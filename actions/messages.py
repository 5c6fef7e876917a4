"""How core answers become bot messages (rasa_sdk `utter_message` keyword sets)."""

from __future__ import annotations

from typing import Any

from wegwijzer.answers import Answer, ResolvedLink

LINKS_MESSAGE_TYPE = "links"


def link_payload(link: ResolvedLink) -> dict[str, str]:
    return {"title": link.title, "url": link.url, "provider": link.provider, "domain": link.domain}


def answer_messages(answer: Answer) -> list[dict[str, Any]]:
    """A text message, then the links as a custom payload the kiosk shows as cards."""
    messages: list[dict[str, Any]] = [{"text": answer.text}]
    if answer.links:
        messages.append(
            {
                "json_message": {
                    "type": LINKS_MESSAGE_TYPE,
                    "topic": answer.topic,
                    "links": [link_payload(link) for link in answer.links],
                }
            }
        )
    return messages
