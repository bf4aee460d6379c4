"""Headless games: one match, and batches of them."""
