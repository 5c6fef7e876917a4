"""The branches-and-partners file: routing with a fallback, tokens, and loud validation."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from wegwijzer.catalogue import Catalogue
from wegwijzer.partner_cards import partner_card, spreekuren_on
from wegwijzer.partners import DEFAULT_PARTNERS_FILE, PartnersError, load_partners


def test_demo_file_routes_by_branch_and_topic(catalogue: Catalogue) -> None:
    partners = load_partners(DEFAULT_PARTNERS_FILE, catalogue)
    assert partners.route("leeuwarden", "schulden") == "schuldhulp_friesland"
    assert partners.route("leeuwarden", "huurtoeslag") == "formulierenhulp_friesland"
    assert partners.route("harlingen", "schulden") == "sociaal_raadslieden"
    assert partners.route("dokkum", None) == "sociaal_raadslieden"
    assert all(p.example for p in partners.partners.values())


def test_tokens_map_to_their_partner(catalogue: Catalogue) -> None:
    partners = load_partners(DEFAULT_PARTNERS_FILE, catalogue)
    assert partners.partner_for_token("demo-schuldhulp-token") == "schuldhulp_friesland"
    assert partners.partner_for_token("demo-schuldhulp-token ") is None
    assert partners.partner_for_token("") is None


def test_staff_tokens_map_to_their_account_and_never_to_a_partner(catalogue: Catalogue) -> None:
    partners = load_partners(DEFAULT_PARTNERS_FILE, catalogue)
    assert partners.staff_for_token("demo-balie-noord-token") == "balie_noord"
    assert partners.staff["balie_noord"].branches == ["dokkum", "harlingen"]
    assert partners.partner_for_token("demo-balie-noord-token") is None
    assert partners.staff_for_token("demo-schuldhulp-token") is None


def write_variant(tmp_path: Path, change: object) -> Path:
    data = yaml.safe_load(DEFAULT_PARTNERS_FILE.read_text(encoding="utf-8"))
    assert callable(change)
    change(data)
    path = tmp_path / "partners.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["branches"].pop("harlingen"), "branches without partners: harlingen"),
        (lambda d: d["branches"]["dokkum"].update(fallback="niemand"), "unknown partner 'niemand'"),
        (
            lambda d: d["branches"]["leeuwarden"]["routes"][0].update(topics=["vakantie"]),
            "unknown topic 'vakantie'",
        ),
        (
            lambda d: d["partners"]["schuldhulp_friesland"]["webhook"].update(secret="geheim"),
            "whsec_",
        ),
        (
            lambda d: d["partners"]["sociaal_raadslieden"].pop("email"),
            "needs a webhook, an e-mail address, or both",
        ),
        (
            lambda d: d["partners"]["sociaal_raadslieden"].update(token_sha256=["abc"]),
            "token_sha256",
        ),
        (
            lambda d: d["staff"]["balie_noord"].update(branches=["amsterdam"]),
            "staff balie_noord: unknown branch 'amsterdam'",
        ),
        (lambda d: d["staff"]["balie_noord"].update(branches=[]), "branches"),
        (
            lambda d: d["staff"]["balie_noord"].update(
                token_sha256=d["partners"]["sociaal_raadslieden"]["token_sha256"]
            ),
            "token digests used by more than one account: a15efcdc6036",
        ),
        (
            lambda d: d["partners"]["sociaal_raadslieden"]["public"]["spreekuren"][0].update(
                branch="atlantis"
            ),
            "partner sociaal_raadslieden: spreekuur at unknown branch 'atlantis'",
        ),
        (
            lambda d: d["partners"]["sociaal_raadslieden"]["public"]["spreekuren"][0].update(
                end="08:00"
            ),
            "a spreekuur ends after it starts",
        ),
        (
            lambda d: d["partners"]["sociaal_raadslieden"]["public"]["spreekuren"][0].update(
                day="dinsdagochtend"
            ),
            "spreekuren.0.day",
        ),
        (
            lambda d: d["partners"]["sociaal_raadslieden"]["public"].update(
                website="http://example.org"
            ),
            "must be an https URL",
        ),
        (lambda d: d["partners"]["sociaal_raadslieden"]["public"].pop("helps_with"), "helps_with"),
        (lambda d: d["partners"]["sociaal_raadslieden"].update(response_days=0), "response_days"),
    ],
)
def test_broken_files_fail_loudly(
    tmp_path: Path, catalogue: Catalogue, change: object, message: str
) -> None:
    with pytest.raises(PartnersError, match=message):
        load_partners(write_variant(tmp_path, change), catalogue)


def test_missing_file_is_a_clear_error(tmp_path: Path, catalogue: Catalogue) -> None:
    with pytest.raises(PartnersError, match="cannot read partners file"):
        load_partners(tmp_path / "nope.yml", catalogue)


def test_spreekuren_recur_weekly_with_exceptions(catalogue: Catalogue) -> None:
    partners = load_partners(DEFAULT_PARTNERS_FILE, catalogue)
    tuesday = date(2026, 12, 1)
    [hour] = spreekuren_on(catalogue, partners, "leeuwarden", tuesday)
    assert hour.partner == "Formulierenhulp Friesland (voorbeeld)"
    assert (hour.hours, hour.place) == ("van 10 tot 12 uur", "hier in de bibliotheek")
    assert spreekuren_on(catalogue, partners, "leeuwarden", tuesday + timedelta(days=7))
    # Skipped on 29 December; another branch or another day has none.
    assert spreekuren_on(catalogue, partners, "leeuwarden", date(2026, 12, 29)) == []
    assert spreekuren_on(catalogue, partners, "leeuwarden", date(2026, 12, 2)) == []
    assert spreekuren_on(catalogue, partners, "harlingen", tuesday) == []
    [franeker] = spreekuren_on(catalogue, partners, "franeker", date(2026, 12, 3))
    assert franeker.hours == "van 13.30 tot 15.30 uur"
    assert franeker.place == "hier in de bibliotheek (bij de leestafel)"


def test_the_card_says_where_to_go_next_time(catalogue: Catalogue) -> None:
    partners = load_partners(DEFAULT_PARTNERS_FILE, catalogue)
    here = partner_card(catalogue, partners, "formulierenhulp_friesland", "leeuwarden")
    assert here.next_time == (
        "Volgende keer kunt u ook zelf naar Formulierenhulp Friesland (voorbeeld) gaan. "
        "Zij zijn er elke dinsdag van 10 tot 12 uur. Dat is hier in de bibliotheek."
    )
    # Seen from another branch, the other library is named.
    there = partner_card(catalogue, partners, "formulierenhulp_friesland", "franeker")
    assert there.next_time.endswith(
        "Zij zijn er elke donderdag van 13.30 tot 15.30 uur. "
        "Dat is hier in de bibliotheek (bij de leestafel)."
    )
    assert "in dbieb Leeuwarden" in there.spreekuren[1].text
    # Without spreekuren the card gives the phone number.
    phone = partner_card(catalogue, partners, "juridisch_loket_demo", "leeuwarden")
    assert phone.next_time.endswith("ook zelf bellen. Het nummer is 0800 123 4567.")
