"""Bots: policies that choose an action from a delegation's view and its legal actions."""
