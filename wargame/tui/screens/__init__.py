"""The app's screens: setup, game, dialogs, hand-over, help and the end of the game."""
