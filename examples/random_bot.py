#!/usr/bin/env python3
"""A small external bot for wargame: it plays a random legal action every move.

The host starts it and talks to it over stdin and stdout, one JSON object per
line (docs/bot-protocol.md). It needs only the standard library, so it can be
copied anywhere and used as the skeleton of a bot in Python.

    wargame bots --scenario european_security_2022 --seat russia="cmd:python examples/random_bot.py"
"""

import json
import random
import sys


def send(message):
    """One message to the host: a single line of JSON, flushed at once."""
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def pick(rng, legal):
    """Like the built-in random bot: a kind of action first, then one of that kind,
    so the long menu of proposals does not crowd out accepting or passing."""
    kinds = list(dict.fromkeys(action["kind"] for action in legal))
    kind = rng.choice(kinds)
    return rng.choice([i for i, action in enumerate(legal) if action["kind"] == kind])


def main():
    rng = random.Random()
    for line in sys.stdin:  # the host closes stdin when the game is over
        if not line.strip():
            continue
        message = json.loads(line)
        if message["type"] == "hello":
            # Seeded by the seat, so the same game plays out the same way every time.
            rng = random.Random(message["seat"])
            send({"type": "ready", "name": "example random bot"})
        elif message["type"] == "move":
            # message["view"] holds what this seat knows; a smarter bot would read it.
            # To debug, print to stderr: stdout belongs to the host.
            send({"type": "action", "index": pick(rng, message["legal"])})
        elif message["type"] == "end":
            break  # message["outcome"] says how the game ended
        # Unknown message types are ignored: later protocol versions may add some.


if __name__ == "__main__":
    main()
