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
        # A review's: "zelf" beside a request that staff act, or needing help.
        "het invullen doe ik zelf, wilt u het versturen",
        "ik doe het verder zelf, kunt u even inloggen",
        "ik doe het verder zelf, log even in aub",
        "ik doe het wel zelf als jij de code intypt",
        "ik doe het zelf, jullie drukken op goedkeuren",
        "we vullen het zelf in, u keurt goed in de app",
        "ik vul het zelf in, log jij in",
        "ik doe het verder zelf maar maak jij het af",
        "ik doe alles zelf behalve het inloggen, dat mag u doen",
        "ik doe zelf de digid en jullie de rest",
        "ik wil het zelf doen maar ik weet niet hoe, doe jij het",
        "ik doe het zelf altijd fout, doe jij het",
        "ik probeer het zelf, als het mij niet lukt logt u dan in",
        "ik doe zelf niks met computers, kunt u het regelen",
        "doe ik het zelf of kunt u het doen?",
        "I'll do the rest myself if you type the code",
    ],
)
def test_needing_help_or_handing_over_is_not_on_their_own(text: str) -> None:
    assert not does_it_themselves(text)
