from __future__ import annotations

import pytest

from wegwijzer.on_their_own import does_it_themselves


@pytest.mark.parametrize(
    "text",
    [
        "Het inloggen en invullen doe ik zelf.",
        "ik doe het verder zelf hoor, ik wil alleen snappen welk bedrag ze daar bedoelen",
        "waar vind ik dat formulier? ik doe zelf thuis vanavond",
        "hoe ik dat zelf doe? welke website? ik heb digid al",
        "kun je me laten zien waar het staat, dan doe ik het thuis zelf wel",
        "ja, ik doe het wel zelf",
        "ja ik regel het zelf wel",
        "ik wil het eerst zelf proberen",
        "Niet voor mij invullen hoor, ik doe het zelf",
        "I'll do it myself",
    ],
)
def test_the_visitor_does_it_on_their_own(text: str) -> None:
    assert does_it_themselves(text)


@pytest.mark.parametrize(
    "text",
    [
        "ik kan het niet zelf",
        "zelf lukt het niet, doet u het maar",
        "ik doe het zelf niet",
        "kunt u het voor mij doen? zelf kan ik het niet",
        # The same words hand the rest to staff.
        "ik doe zelf de digid en u vult de rest",
        "ik log zelf in en dan doet u de rest",
        "Ik log wel in, dan leest u het aan me voor",
        "kunt u het voor me invullen?",
    ],
)
def test_needing_help_or_handing_over_is_not_on_their_own(text: str) -> None:
    assert not does_it_themselves(text)
