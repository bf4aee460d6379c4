"""A small counter-based random generator that lives inside the game state.

Python's `random` promises a stable sequence only for `random()`, not for
`shuffle`, `choice` or `randrange`; saved games must replay identically on any
future Python, so the engine draws from SplitMix64 over (seed, counter).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import attrs

T = TypeVar("T")

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15


def _mix(z: int) -> int:
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 & _MASK
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB & _MASK
    return z ^ (z >> 31)


def derive_seed(seed: int, *labels: int | str) -> int:
    """A 64-bit seed derived from `seed` and labels, for sub-streams (game i of a batch)."""
    z = seed & _MASK
    for label in labels:
        if isinstance(label, str):
            for byte in label.encode():
                z = _mix((z ^ byte) + _GOLDEN & _MASK)
        else:
            z = _mix((z ^ (label & _MASK)) + _GOLDEN & _MASK)
    return z


@attrs.frozen
class Rng:
    """An immutable generator: every draw returns the value and the next generator."""

    seed: int
    counter: int = 0

    def next_u64(self) -> tuple[int, Rng]:
        value = _mix((self.seed + (self.counter + 1) * _GOLDEN) & _MASK)
        return value, Rng(self.seed, self.counter + 1)

    def random(self) -> tuple[float, Rng]:
        """A float in [0, 1) with 53 random bits."""
        value, nxt = self.next_u64()
        return (value >> 11) / float(1 << 53), nxt

    def below(self, n: int) -> tuple[int, Rng]:
        """An integer in [0, n), unbiased (rejection sampling)."""
        if n <= 0:
            raise ValueError("below() needs a positive bound")
        limit = (1 << 64) - ((1 << 64) % n)
        rng = self
        while True:
            value, rng = rng.next_u64()
            if value < limit:
                return value % n, rng

    def chance(self, p: float) -> tuple[bool, Rng]:
        """True with probability p; p <= 0 and p >= 1 consume no draw."""
        if p <= 0.0:
            return False, self
        if p >= 1.0:
            return True, self
        value, nxt = self.random()
        return value < p, nxt

    def choice(self, items: Sequence[T]) -> tuple[T, Rng]:
        index, nxt = self.below(len(items))
        return items[index], nxt

    def shuffled(self, items: Sequence[T]) -> tuple[tuple[T, ...], Rng]:
        """A Fisher-Yates shuffle of a sequence (never of a set: its order is not stable)."""
        out = list(items)
        rng = self
        for i in range(len(out) - 1, 0, -1):
            j, rng = rng.below(i + 1)
            out[i], out[j] = out[j], out[i]
        return tuple(out), rng
