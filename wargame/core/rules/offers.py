"""Offer menus: the well-formed offers a delegation may table, built from templates.

The space of legal offers is vast, so the engine lists a menu: single asks, paired
concessions, and their variants (de facto and de jure, regional and global framing, a
secret part, economics). A menu depends only on the forum, the proposer, whether it can
pay economics, and which issues are open and how they are linked. The packages that
exist with every issue open are built once per (forum, proposer), as templates; a
board's menu keeps the templates whose issues are all open and extends those that touch
linked issues. Packages that linkage makes the same are listed once. Each package's
offers come as one shared tuple (a piece), the same object for as long as the package
stays the same, so bots can remember what they think of it; menus and extended pieces are
memoized in bounded tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from itertools import chain
from typing import Any, cast, overload

from wargame.core.actions import Counter, EconomicTerm, Propose, Term
from wargame.core.model import GameState
from wargame.core.rules.forums import addressee_sets
from wargame.core.scenario import ForumDef, Scenario

# Entries a memo table keeps before it is cleared. A game makes some 12 new menus of ~100
# offers (a few KB each); the tables of packages, pieces and runs hold small entries that
# recur across games, and fill more slowly than the menus (a few thousand in 1,000 games).
MENU_CACHE_SIZE = 8192
PACKAGE_CACHE_SIZE = 65536


class Piece:
    """The offers of one package, in shared tuples: `offers` (de facto, and de jure where
    a treaty may settle it), `secret` (the proposer's own steps kept secret, for a paired
    concession), and `economic(receiver)` (paid for with trade)."""

    __slots__ = ("_economic", "_runs", "addressees", "offers", "proposer", "secret", "terms")

    def __init__(
        self,
        scenario: Scenario,
        forum: ForumDef,
        proposer: str,
        addressees: tuple[str, ...],
        terms: tuple[Term, ...],
    ) -> None:
        self.proposer = proposer
        self.addressees = addressees
        self.terms = terms
        poison = False
        mine = False
        for t in terms:
            poison = poison or scenario.issues[scenario.issue_index[t.issue]].poison_pill
            mine = mine or t.by == proposer
        offers = [Propose(addressees, terms, "de_facto", "regional")]
        if forum.binding and not poison:
            offers.append(Propose(addressees, terms, "de_jure", "regional"))
            offers.append(Propose(addressees, terms, "de_jure", "global"))
        self.offers = tuple(offers)
        self.secret: tuple[Propose, ...] = ()
        if mine:
            hidden = tuple(_secret(scenario, t) if t.by == proposer else t for t in terms)
            self.secret = (Propose(addressees, hidden, "de_facto", "regional"),)
        self._economic: dict[str, tuple[Propose, ...]] = {}
        self._runs: dict[tuple[bool, str | None, bool], tuple[tuple[Propose, ...], ...]] = {}

    def economic(self, receiver: str) -> tuple[Propose, ...]:
        found = self._economic.get(receiver)
        if found is None:
            sweetener = (EconomicTerm(self.proposer, receiver, 1),)
            offer = Propose(self.addressees, self.terms, "de_facto", "regional", sweetener)
            found = self._economic[receiver] = (offer,)
        return found

    def runs(
        self, pair: bool, receiver: str | None, economy: bool
    ) -> tuple[tuple[Propose, ...], ...]:
        """The offers a template lists: a paired concession adds the private concession (its
        proposer's steps secret); a single ask, when the proposer can pay, a sweetener."""
        key = (pair, receiver, economy)
        found = self._runs.get(key)
        if found is None:
            runs = [self.offers]
            if pair and self.secret:
                runs.append(self.secret)
            if receiver is not None and economy:
                runs.append(self.economic(receiver))
            found = self._runs[key] = tuple(runs)
        return found


def _secret(scenario: Scenario, term: Term) -> Term:
    """A step kept secret, one object for each step: pieces are made by the thousand."""
    table = cast("dict[tuple[str, str], Term] | None", scenario.memo.get("secret-terms"))
    if table is None:
        table = scenario.memo["secret-terms"] = {}
    key = (term.issue, term.by)
    found = table.get(key)
    if found is None:
        found = table[key] = Term(term.issue, term.by, True)
    return found


class Template:
    """One package (a single ask, or the proposer's step paired with an ask) on a board
    with every issue open and none linked."""

    __slots__ = (
        "addressees",
        "base",
        "family",
        "first",
        "index",
        "indices",
        "last",
        "linked",
        "mask",
        "own",
        "piece",
        "runs",
        "sweetener",
    )

    def __init__(
        self,
        index: int,
        addressees: tuple[str, ...],
        base: tuple[Term, ...],
        scenario: Scenario,
        forum: ForumDef,
        proposer: str,
        term: Callable[[str, str], Term],
    ) -> None:
        self.index = index
        self.addressees = addressees
        self.base = base
        self.indices = tuple(scenario.issue_index[t.issue] for t in base)
        self.first, self.last = self.indices[0], self.indices[-1]
        self.mask = 0
        for i in self.indices:
            self.mask |= 1 << i
        parties = (proposer, *addressees)
        self.own = {scenario.issue_index[t.issue]: t for t in base}
        # An issue that linkage drags into this package is conceded by the first party able
        # to; None when no party can.
        self.linked: tuple[Term | None, ...] = tuple(
            next((term(s.id, d) for d in s.conceded_by if d in parties), None)
            for s in scenario.issues
        )
        self.piece = Piece(scenario, forum, proposer, addressees, base)
        self.sweetener = base[0].by if len(base) == 1 else None
        # What the template lists on a board without linkage, without and with economics.
        self.runs = (
            self.piece.runs(len(base) == 2, self.sweetener, False),
            self.piece.runs(len(base) == 2, self.sweetener, True),
        )
        # Templates of one family make the same package once linkage reaches the same
        # issues: the same parties, size, receiver of a sweetener, and steps that differ
        # from whoever would concede an issue linkage drags in. Numbered by `templates`.
        overrides = tuple((i, id(t)) for i, t in self.own.items() if t is not self.linked[i])
        self.family: object = (addressees, len(base), self.sweetener, overrides)


def templates(scenario: Scenario, forum: ForumDef, proposer: str) -> tuple[Template, ...]:
    key = ("offer-templates", forum.id, proposer)
    found = scenario.memo.get(key)
    if found is not None:
        return cast("tuple[Template, ...]", found)
    out: list[Template] = []
    interned: dict[tuple[str, str], Term] = {}

    def term(issue: str, by: str) -> Term:
        # One object per step, so a package's steps can be compared by identity.
        found = interned.get((issue, by))
        if found is None:
            found = interned[issue, by] = Term(issue, by)
        return found

    issues = scenario.issues
    own = [s.id for s in issues if proposer in s.conceded_by]
    for addressees in addressee_sets(forum, proposer):
        asks = []
        for s in issues:
            by = next((a for a in addressees if a in s.conceded_by), None)
            if by is not None:
                asks.append(term(s.id, by))
        packages: list[tuple[Term, ...]] = [(ask,) for ask in asks]
        packages += [(term(o, proposer), ask) for o in own for ask in asks if ask.issue != o]
        for base in packages:
            out.append(Template(len(out), addressees, base, scenario, forum, proposer, term))
    families: dict[object, int] = {}
    for tpl in out:
        tpl.family = families.setdefault(tpl.family, len(families))
    result = tuple(out)
    scenario.memo[key] = result
    return result


class Offers(tuple[Propose, ...]):
    """A menu's offers in one tuple, and the shared pieces they were listed from."""

    pieces: tuple[tuple[Propose, ...], ...]

    @staticmethod
    def of(pieces: tuple[tuple[Propose, ...], ...]) -> Offers:
        offers = Offers(chain.from_iterable(pieces))
        offers.pieces = pieces
        return offers


class Counters(Sequence[Counter]):
    """The counters to one proposal, one for each offer of a shared tuple (a menu's swaps
    for the proposer), made when asked for: a new proposal shares its offers with every
    other proposal countered from the same menu, so a bot can judge them once, and counters
    are seldom played."""

    __slots__ = ("offers", "proposal")

    def __init__(self, proposal: int, offers: tuple[Propose, ...]) -> None:
        self.proposal = proposal
        self.offers = offers

    @overload
    def __getitem__(self, index: int) -> Counter: ...

    @overload
    def __getitem__(self, index: slice) -> list[Counter]: ...

    def __getitem__(self, index: int | slice) -> Counter | list[Counter]:
        if isinstance(index, slice):
            return [Counter(self.proposal, offer) for offer in self.offers[index]]
        return Counter(self.proposal, self.offers[index])

    def __len__(self) -> int:
        return len(self.offers)

    def __iter__(self) -> Iterator[Counter]:
        return (Counter(self.proposal, offer) for offer in self.offers)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Counters({list(self)!r})"


class Menu:
    """The offers open to one proposer on one board, and the counters drawn from them."""

    __slots__ = ("offers", "pieces", "swaps")

    def __init__(self, pieces: tuple[tuple[Propose, ...], ...]) -> None:
        self.pieces = pieces
        self.offers = Offers.of(pieces)
        self.swaps: dict[str, tuple[Propose, ...]] | None = None

    def counters_to(self, proposal: int, proposer: str) -> Counters:
        """The menu's counters to a proposal: a plain swap, one step from each side. Any
        other counter-offer is legal too; it just is not listed."""
        if self.swaps is None:
            self.swaps = self._swaps()
        return Counters(proposal, self.swaps.get(proposer, ()))

    def _swaps(self) -> dict[str, tuple[Propose, ...]]:
        """The plain swaps of the menu, by the addressee who gives the other step."""
        out: dict[str, list[Propose]] = {}
        for offer in self.offers:
            terms = offer.terms
            if (
                offer.form != "de_facto"
                or offer.economics
                or len(terms) != 2
                or terms[0].secret
                or terms[1].secret
            ):
                continue
            for who in offer.addressees:
                if terms[0].by == who or terms[1].by == who:
                    out.setdefault(who, []).append(offer)
        return {who: tuple(offers) for who, offers in out.items()}


EMPTY = Menu(())


def menu(state: GameState, proposer: str) -> Menu:
    """The menu of offers `proposer` may table now (empty when it may table none)."""
    scenario = state.scenario
    forum = scenario.forum_by_id[state.forum]
    if proposer not in forum.members:
        return EMPTY
    for p in state.proposals:
        if p.proposer == proposer and p.stalled_round != state.round:
            return EMPTY
    economy = "economy" in scenario.resource_index and state.resource(proposer, "economy") >= 1
    groups = _groups(state)
    key = (forum.id, proposer, groups, economy)
    cache = _cache(scenario, "offer-menus", MENU_CACHE_SIZE)
    found = cache.get(key)
    if found is None:
        found = cache[key] = Menu(_build(scenario, groups, forum, proposer, economy))
    return found


def _groups(state: GameState) -> tuple[int, ...]:
    """What of the board a menu depends on: for each issue, the open issues it is linked
    to, directly or through others, itself included, as a bit mask (0 once settled). States
    share their issues until one changes (see Draft.freeze), so the last answer is kept."""
    last = state.scenario.memo.get("offer-groups")
    if isinstance(last, tuple) and last[0] is state.issues:
        return cast("tuple[int, ...]", last[1])
    group = [0] * len(state.issues)
    for i, st in enumerate(state.issues):
        if st.status == "open" and not group[i]:
            members = _component(state, i)
            for j in range(len(group)):
                if members >> j & 1:
                    group[j] = members
    groups = tuple(group)
    state.scenario.memo["offer-groups"] = (state.issues, groups)
    return groups


def generate_offers(state: GameState, proposer: str) -> list[Propose]:
    return list(menu(state, proposer).offers)


def _build(
    scenario: Scenario,
    group: tuple[int, ...],
    forum: ForumDef,
    proposer: str,
    economy: bool,
) -> tuple[tuple[Propose, ...], ...]:
    open_mask = 0
    linked_mask = 0  # the open issues linked to another
    for i, members in enumerate(group):
        if members:
            open_mask |= 1 << i
            if members != 1 << i:
                linked_mask |= 1 << i
    # Memo tables of this forum and proposer: (template family, reach) -> the package it
    # makes, package -> its piece, and (template family, reach) -> the runs listed, with
    # economics or without.
    extended = _cache(scenario, ("offer-extended", forum.id, proposer), PACKAGE_CACHE_SIZE)
    pieces_of = _cache(scenario, ("offer-pieces", forum.id, proposer), PACKAGE_CACHE_SIZE)
    runs_of = _cache(scenario, ("offer-runs", forum.id, proposer, economy), PACKAGE_CACHE_SIZE)
    pieces: list[tuple[Propose, ...]] = []
    seen: set[int] = set()  # offers listed so far from extended packages, by identity
    keys: set[tuple[object, int]] = set()
    closed = ~open_mask
    for tpl in templates(scenario, forum, proposer):
        mask = tpl.mask
        if mask & closed:
            continue
        if not mask & linked_mask:
            pieces.extend(tpl.runs[economy])
            continue
        key = (tpl.family, group[tpl.first] | group[tpl.last])
        if key in keys:  # a package this menu already lists (the same family and reach)
            continue
        keys.add(key)
        runs = runs_of.get(key)
        if runs is None:
            runs = runs_of[key] = _extended_runs(
                scenario, forum, proposer, tpl, key, economy, extended, pieces_of
            )
        # Linkage can make packages the same: each offer is listed once.
        for run in runs:
            if id(run) not in seen:
                seen.add(id(run))
                pieces.append(run)
    return tuple(pieces)


def _extended_runs(
    scenario: Scenario,
    forum: ForumDef,
    proposer: str,
    tpl: Template,
    key: tuple[object, int],
    economy: bool,
    extended: dict[object, Any],
    pieces_of: dict[object, Any],
) -> tuple[tuple[Propose, ...], ...]:
    """The runs a template lists once linkage reaches the issues of `key`: (the template's
    family, that reach)."""
    if key in extended:
        package = extended[key]
    else:
        package = extended[key] = _extend(tpl, key[1])
    if package is None:
        return ()
    same, terms = package
    piece = pieces_of.get(same)
    if piece is None:
        piece = pieces_of[same] = Piece(scenario, forum, proposer, tpl.addressees, terms)
    return piece.runs(len(tpl.base) == 2, tpl.sweetener, economy)


def _component(state: GameState, start: int) -> int:
    """The open issues linked to issue `start`, directly or through others, as a bit mask."""
    scenario = state.scenario
    mask = 1 << start
    queue = [start]
    while queue:
        i = queue.pop()
        for other in state.issues[i].links:
            j = scenario.issue_index[other]
            if not mask >> j & 1 and state.issues[j].status == "open":
                mask |= 1 << j
                queue.append(j)
    return mask


def _extend(tpl: Template, reach: int) -> tuple[tuple[object, ...], tuple[Term, ...]] | None:
    """A template's package with every issue linked to its own added, in the scenario's
    order: (what makes two packages the same: their addressees and interned steps; the
    steps), or None if no party can concede one of the linked issues. The same for every
    template of the family."""
    own, linked = tpl.own, tpl.linked
    terms = []
    for i in _bits(reach):
        t = own.get(i) or linked[i]
        if t is None:  # by identity: `None in terms` would call each step's __eq__
            return None
        terms.append(t)
    package = tuple(terms)
    return (tpl.addressees, *map(id, package)), package


@lru_cache(maxsize=MENU_CACHE_SIZE)
def _bits(mask: int) -> tuple[int, ...]:
    """The positions of a mask's set bits, lowest first."""
    return tuple(i for i in range(mask.bit_length()) if mask >> i & 1)


def _cache(scenario: Scenario, name: object, size: int) -> dict[object, Any]:
    """A bounded memo table on the scenario: cleared when full, so long runs stay small."""
    table = cast("dict[object, Any] | None", scenario.memo.get(name))
    if table is None or len(table) >= size:
        table = {}
        scenario.memo[name] = table
    return table
