"""Ties: what binds one state to another on a day, derived in one place.

A :class:`Tie` is one link between two states through one grouping or
agreement: who owes what to whom (directed), in which status, and how strongly.
:meth:`Landscape.ties <coalitions.Landscape.ties>`, ``allies``, ``partners``,
the tables, graphs and summaries all read ties from :func:`tie`, so no two
features can disagree about a tie.

How the obligations between two members are found (member ``A`` toward ``B``):

1. Only ``MEMBER`` spells owe or are owed anything; partners and observers are
   associated, not bound.
2. A status spell (suspended, frozen) of either member, for the whole
   membership or between the two, stops the obligations both ways while it lasts.
3. ``A``'s :class:`~coalitions.Commitment` toward ``B``, if its spell has one,
   says exactly what it owes ``B``; otherwise ``A`` owes ``B`` its own
   obligations (:meth:`Alliance.obligations_of <coalitions.Alliance.obligations_of>`).
4. An agreement binds from its entry into force; while it is pending it binds
   no one. Where the sources do not establish entry into force, its obligations
   count, and the tie says so (``unconfirmed``).
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from coalitions.enums import (
    AgreementKind,
    ForceStatus,
    Formality,
    Obligation,
    Role,
    Status,
)
from coalitions.model import Agreement, Grouping, Membership, Minilateral, _Displayed

__all__ = ["Strength", "Tie", "TieKind", "binding", "defends", "obligations_toward", "tie"]

Entity = Agreement | Grouping


class TieKind(enum.Enum):
    """What a tie runs through.

    >>> TieKind("minilateral")
    <TieKind.MINILATERAL: 'minilateral'>
    """

    ALLIANCE = "alliance"
    MINILATERAL = "minilateral"
    AGREEMENT = "agreement"


class Strength(enum.IntEnum):
    """How strongly a tie binds two states: an ordered scale, weakest first.

    The top three levels are ATOP's valued alliance scale (Chiba, Johnson and
    Leeds 2015, as used with Häge's FPSIM data): a defence or offence pledge
    above neutrality or consultation above non-aggression. Below them come ties
    ATOP leaves out, ranked by how much they commit forces and institutions:

    ===============  =====  ========================================================
    level            value  a tie of this level
    ===============  =====  ========================================================
    OBSERVER         1      at least one of the two only observes
    PARTNER          2      at least one of the two is a partner, not a member
    DIALOGUE         3      co-members of a dialogue forum; a joint declaration
    INDUSTRIAL       4      an arms or technology deal: a transaction in capability
    FRAMEWORK        5      a standing cooperation framework, memorandum or treaty
                            without obligations (institutions outlast transactions)
    ACCESS           6      an access or status-of-forces agreement: forces on
                            each other's soil
    OPERATIONAL      7      co-members of an operational coalition: forces acting
                            together
    NON_AGGRESSION   8      a pledge of non-aggression (ATOP 1)
    CONSULTATION     9      a pledge of consultation or neutrality (ATOP 2)
    DEFENSE          10     a pledge of defence or offence (ATOP 3)
    ===============  =====  ========================================================

    Obligations (in either direction) decide first; a tie with none is ranked by
    what it runs through; a partner's or observer's tie is capped at its role.
    So a NATO member's tie to another member (``DEFENSE``) ranks above an SCO
    co-membership (``FRAMEWORK``), and both above Japan's NATO partnership.

    >>> Strength.DEFENSE > Strength.FRAMEWORK > Strength.PARTNER
    True
    >>> Strength.of_obligations({Obligation.CONSULTATION, Obligation.NON_AGGRESSION})
    <Strength.CONSULTATION: 9>
    """

    OBSERVER = 1
    PARTNER = 2
    DIALOGUE = 3
    INDUSTRIAL = 4
    FRAMEWORK = 5
    ACCESS = 6
    OPERATIONAL = 7
    NON_AGGRESSION = 8
    CONSULTATION = 9
    DEFENSE = 10

    @classmethod
    def of_obligations(
        cls, obligations: frozenset[Obligation] | set[Obligation]
    ) -> Strength | None:
        """The ATOP level of a set of obligations, or ``None`` for none."""
        if Obligation.DEFENSE in obligations or Obligation.OFFENSE in obligations:
            return cls.DEFENSE
        if Obligation.CONSULTATION in obligations or Obligation.NEUTRALITY in obligations:
            return cls.CONSULTATION
        if Obligation.NON_AGGRESSION in obligations:
            return cls.NON_AGGRESSION
        return None


_BY_FORMALITY = {
    Formality.DIALOGUE: Strength.DIALOGUE,
    Formality.FRAMEWORK: Strength.FRAMEWORK,
    Formality.OPERATIONAL_COALITION: Strength.OPERATIONAL,
}
_BY_AGREEMENT_KIND = {
    AgreementKind.TREATY: Strength.FRAMEWORK,
    AgreementKind.EXECUTIVE_AGREEMENT: Strength.FRAMEWORK,
    AgreementKind.MEMORANDUM: Strength.FRAMEWORK,
    AgreementKind.ACCESS_AGREEMENT: Strength.ACCESS,
    AgreementKind.JOINT_DECLARATION: Strength.DIALOGUE,
    AgreementKind.ARMS_DEAL: Strength.INDUSTRIAL,
    AgreementKind.TECHNOLOGY_DEAL: Strength.INDUSTRIAL,
}
_EMPTY: frozenset[Obligation] = frozenset()


@attrs.frozen(kw_only=True, repr=False)
class Tie(_Displayed):
    """One link between ``state`` and ``other`` through ``via`` on one day.

    ``owes`` is what ``state`` owes ``other``, ``owed`` what ``other`` owes
    ``state``: obligations that bind on the day (or would, for ``unconfirmed``
    ties). Status flags: ``unconfirmed`` (through an agreement whose entry into
    force the sources do not establish), ``pending`` (signed, not yet in force:
    binds nothing), ``suspended`` (a suspension or freeze stops the obligations
    between the two).

    >>> t = Tie(state="USA", other="GBR", via="NATO", kind=TieKind.ALLIANCE,
    ...         owes=frozenset({Obligation.DEFENSE}), owed=frozenset({Obligation.DEFENSE}),
    ...         strength=Strength.DEFENSE)
    >>> t
    <Tie USA-GBR via NATO: DEFENSE, owes defense, owed defense>
    >>> t.mutual(Obligation.DEFENSE)
    True
    """

    state: str
    other: str
    via: str
    kind: TieKind
    strength: Strength
    formality: Formality | None = None
    agreement_kind: AgreementKind | None = None
    role: Role = Role.MEMBER
    other_role: Role = Role.MEMBER
    owes: frozenset[Obligation] = frozenset()
    owed: frozenset[Obligation] = frozenset()
    unconfirmed: bool = False
    pending: bool = False
    suspended: bool = False
    #: Which status stops the tie, where one does: ``SUSPENDED`` or ``FROZEN``.
    suspension: Status | None = None

    def mutual(self, obligation: Obligation) -> bool:
        """Whether each of the two owes the other ``obligation``."""
        return obligation in self.owes and obligation in self.owed

    def defends(self, direction: str = "either") -> bool:
        """Whether a defence obligation runs ``direction``: ``"owes"`` (``state``
        must defend ``other``), ``"owed"`` (``other`` must defend ``state``),
        ``"either"`` or ``"both"``; what :meth:`Landscape.allies
        <coalitions.Landscape.allies>` asks of each tie.

        >>> t = Tie(state="AAA", other="BBB", via="G", kind=TieKind.ALLIANCE,
        ...         owes=frozenset({Obligation.DEFENSE}), strength=Strength.DEFENSE)
        >>> [t.defends(d) for d in ("owes", "owed", "either", "both")]
        [True, False, True, False]
        """
        return defends(self.owes, self.owed, direction)

    def describe(self) -> str:
        """A readable line: the other state, the link, what is owed and the flags.

        >>> Tie(state="SAU", other="PAK", via="SAU-PAK-SMDA", kind=TieKind.AGREEMENT,
        ...     agreement_kind=AgreementKind.TREATY, strength=Strength.DEFENSE,
        ...     owes=frozenset({Obligation.DEFENSE}), owed=frozenset({Obligation.DEFENSE}),
        ...     unconfirmed=True).describe()
        'PAK via SAU-PAK-SMDA (treaty): defense both ways; entry into force not established'
        """
        link = self.kind.value
        if self.formality is not None:
            link = self.formality.value.replace("_", " ")
        if self.agreement_kind is not None:
            link = self.agreement_kind.value.replace("_", " ")
        roles = ""
        if self.role is not Role.MEMBER or self.other_role is not Role.MEMBER:
            roles = f", {self.role.value} with {self.other_role.value}"
        return f"{self.other} via {self.via} ({link}{roles}): {self.obligations_text()}" + "".join(
            f"; {flag}" for flag in self.flags()
        )

    def obligations_text(self) -> str:
        """What is owed, in words: ``'defense both ways'``, ``'owes consultation'``, ``'none'``."""
        both = self.owes & self.owed
        parts = []
        if both:
            parts.append(f"{_words(both)} both ways")
        if self.owes - both:
            parts.append(f"owes {_words(self.owes - both)}")
        if self.owed - both:
            parts.append(f"owed {_words(self.owed - both)}")
        return ", ".join(parts) or "no obligations"

    def flags(self) -> list[str]:
        """The status flags in words (empty for an established, live tie)."""
        found = []
        if self.pending:
            found.append("not yet in force")
        if self.unconfirmed:
            found.append("entry into force not established")
        if self.suspended:
            found.append("frozen" if self.suspension is Status.FROZEN else "suspended")
        return found

    def __repr__(self) -> str:
        text = f"<Tie {self.state}-{self.other} via {self.via}: {self.strength.name}"
        if self.owes:
            text += f", owes {_words(self.owes)}"
        if self.owed:
            text += f", owed {_words(self.owed)}"
        return text + "".join(f", {flag}" for flag in self.flags()) + ">"


def _words(obligations: frozenset[Obligation]) -> str:
    return " and ".join(sorted(o.value.replace("_", "-") for o in obligations))


def obligations_toward(
    entity: Entity, spell: Membership, other: Membership
) -> frozenset[Obligation]:
    """What ``spell``'s state owes ``other``'s state under ``entity``, by
    membership alone: roles and commitments, before statuses and entry into force.

    >>> from coalitions import Alliance, Commitment, Membership, Obligation
    >>> day = dt.date(1834, 4, 22)
    >>> spain = Membership(state="ESP", since=day,
    ...                    toward=[Commitment(toward="GBR", obligations=[Obligation.CONSULTATION])])
    >>> quadruple = Alliance(
    ...     id="Q", name="Quadruple Alliance", founded=day,
    ...     obligations=[Obligation.DEFENSE, Obligation.CONSULTATION],
    ...     members=[spain, Membership(state="GBR", since=day), Membership(state="PRT", since=day)])
    >>> sorted(o.value for o in obligations_toward(quadruple, spain, quadruple.members[1]))
    ['consultation']
    >>> sorted(o.value for o in obligations_toward(quadruple, spain, quadruple.members[2]))
    ['consultation', 'defense']
    """
    if spell.role is not Role.MEMBER or other.role is not Role.MEMBER:
        return _EMPTY
    for commitment in spell.toward:
        if commitment.toward == other.state:
            return commitment.obligations
    return entity.obligations_of(spell)


def defends(
    owes: frozenset[Obligation], owed: frozenset[Obligation], direction: str = "either"
) -> bool:
    """Whether a defence obligation runs ``direction`` between two states, one
    owing ``owes`` to the other and owed ``owed``: the rule :meth:`Tie.defends`
    and :meth:`Landscape.allies <coalitions.Landscape.allies>` apply.

    >>> defends(frozenset({Obligation.DEFENSE}), frozenset(), "owed")
    False
    """
    owes_defence, owed_defence = Obligation.DEFENSE in owes, Obligation.DEFENSE in owed
    if direction == "either":
        return owes_defence or owed_defence
    if direction == "owes":
        return owes_defence
    if direction == "owed":
        return owed_defence
    if direction == "both":
        return owes_defence and owed_defence
    raise ValueError(f"direction must be 'owes', 'owed', 'either' or 'both', got {direction!r}")


def binding(
    entity: Entity, spell: Membership, other: Membership, day: dt.date
) -> tuple[frozenset[Obligation], frozenset[Obligation], bool, bool, Status | None]:
    """What binds ``spell``'s state and ``other``'s through ``entity`` on ``day``
    (both spells active that day): ``(owes, owed, pending, unconfirmed,
    suspension)``, as :func:`tie` reports them; what a query that needs no
    :class:`Tie` reads (:meth:`Landscape.allies <coalitions.Landscape.allies>`).

    >>> from coalitions import Agreement, Membership, Obligation
    >>> day = dt.date(2024, 6, 19)
    >>> pact = Agreement(
    ...     id="RUS-PRK-2024", name="Treaty on Comprehensive Strategic Partnership",
    ...     parties=[Membership(state=c, since=day) for c in ("RUS", "PRK")],
    ...     signed=day, in_force=dt.date(2024, 12, 4), obligations=[Obligation.DEFENSE])
    >>> binding(pact, *pact.parties, dt.date(2024, 7, 1))[2:]
    (True, False, None)
    """
    pending = unconfirmed = False
    if isinstance(entity, Agreement):
        force = entity.force_on(day)
        pending = force is ForceStatus.PENDING
        unconfirmed = force is ForceStatus.NOT_ESTABLISHED
    suspension = _suspension(spell, other, day)
    if pending or suspension is not None:
        return _EMPTY, _EMPTY, pending, unconfirmed, suspension
    owes = obligations_toward(entity, spell, other)
    owed = obligations_toward(entity, other, spell)
    return owes, owed, pending, unconfirmed, suspension


def _suspension(spell: Membership, other: Membership, day: dt.date) -> Status | None:
    """The status that stops the obligations between the two on ``day``, if any."""
    if not (spell.statuses or other.statuses):
        return None
    found = spell.status_on(day, other.state) or other.status_on(day, spell.state)
    return None if found is None else found.status


def tie(entity: Entity, spell: Membership, other: Membership, day: dt.date) -> Tie:
    """The tie from ``spell``'s state to ``other``'s through ``entity`` on ``day``
    (both spells active that day): the one place ties are made.

    >>> from coalitions import Agreement, Membership, Obligation
    >>> day = dt.date(2024, 6, 19)
    >>> pact = Agreement(
    ...     id="RUS-PRK-2024", name="Treaty on Comprehensive Strategic Partnership",
    ...     parties=[Membership(state=c, since=day) for c in ("RUS", "PRK")],
    ...     signed=day, in_force=dt.date(2024, 12, 4), obligations=[Obligation.DEFENSE])
    >>> tie(pact, *pact.parties, dt.date(2024, 7, 1))
    <Tie RUS-PRK via RUS-PRK-2024: FRAMEWORK, not yet in force>
    >>> tie(pact, *pact.parties, dt.date(2024, 12, 4))
    <Tie RUS-PRK via RUS-PRK-2024: DEFENSE, owes defense, owed defense>
    """
    formality = agreement_kind = None
    if isinstance(entity, Agreement):
        kind, agreement_kind = TieKind.AGREEMENT, entity.kind
        base = _BY_AGREEMENT_KIND[entity.kind]
    elif isinstance(entity, Minilateral):
        kind, formality = TieKind.MINILATERAL, entity.formality
        base = _BY_FORMALITY[entity.formality]
    else:  # an alliance whose members owe each other nothing is a framework between them
        kind, base = TieKind.ALLIANCE, Strength.FRAMEWORK
    owes, owed, pending, unconfirmed, suspension = binding(entity, spell, other, day)
    suspended = suspension is not None
    strength = Strength.of_obligations(owes | owed) or base
    if Role.OBSERVER in (spell.role, other.role):
        strength = Strength.OBSERVER
    elif Role.PARTNER in (spell.role, other.role):
        strength = Strength.PARTNER
    return Tie(
        state=spell.state,
        other=other.state,
        via=entity.id,
        kind=kind,
        strength=strength,
        formality=formality,
        agreement_kind=agreement_kind,
        role=spell.role,
        other_role=other.role,
        owes=owes,
        owed=owed,
        unconfirmed=unconfirmed,
        pending=pending,
        suspended=suspended,
        suspension=suspension,
    )


def tie_order(found: Tie) -> tuple[str, int, str]:
    """How ties are listed: by the other state, strongest first, then by link."""
    return (found.other, -found.strength, found.via)
