"""The branches-and-partners file: routing with a fallback, tokens, and loud validation."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wegwijzer.catalogue import Catalogue
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
