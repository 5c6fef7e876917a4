"""Warm referrals: offers, validated contact details, storage, status and retention."""
