"""wargame: a tabletop negotiation wargame engine with a terminal UI."""

__version__ = "0.3.0"
