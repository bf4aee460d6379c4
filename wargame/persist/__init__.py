"""Saved games: the recipe to rebuild a game, written atomically, replayed exactly."""
