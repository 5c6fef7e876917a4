"""Wegwijzer's core: catalogue, answers and (later) triage, DigiD rules and referrals.

Nothing in this package imports Rasa, rasa_sdk or FastAPI: the action server
and the HTTP routes are thin adapters over it.
"""
