"""Who a speaker phrase refers to, among the entity mentions of a body.

A pronoun resolves to the person its sentence opens with, else to the last person named before the
quote, skipping people of the other gender; a speaker phrase that holds entity mentions resolves to
the last person it names ("Clinton spokesman Jesse Lehrich", "Rishi Sunak’s spokesman"); a role
("the defence secretary") resolves to the nearest person named with that role word beside the
name. Reported speech without an attribution takes the subject of its speech cue ("Trump called
the senator a “nasty guy”"). The questions go through a sorted index (People), so each costs a
bisection."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple

from worker.tagging.clauses import marks_of, sentence
from worker.tagging.speakers import plausible
from worker.tagging.titles import genders, person_with_role, role_of

PRONOUNS = {"he", "she", "him", "her"}
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")
MAX_SUBJECT_WORDS = 6
_CONTENT_ENDS = re.compile(r"\b(?:but|while|whereas|yet)\b|;")
_SUBORDINATOR = re.compile(r"\b(?:after|when|while|because|since|before|although|though|until|once|as)\s+(?=[A-Z])")
ROLE_LOOKBACK = 30  # people named before a quote that a role may point back to
POSSESSED_REACH = 40  # "’s campaign manager " between an owner and the person named after it


class Person(NamedTuple):
    start: int
    end: int
    name: str
    type: str


_MONTH_OR_DAY = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|"
                           r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)")
_BEFORE_A_DATE = re.compile(r"(?:\b(?:the|in|on|of|since|until|by|last|next|this|early|late|mid|from|through|"
                            r"during|before|after)\s|-)$", re.IGNORECASE)


_PLACES = {"GPE", "LOC", "FAC"}
_LOCATIVE = re.compile(r"\b(?:to|in|from|near|outside)\s+(?:the\s+)?$")


def _placed(body: str, start: int, mention: Person) -> bool:
    """A place named after a locative preposition inside a speaker phrase that begins at `start`."""
    return mention.type in _PLACES and bool(_LOCATIVE.search(body, max(start, mention.start - 16), mention.start))


def _a_date(body: str, person: Person) -> bool:
    """A month or weekday taken for a person: "the May jobs data", "the surge in May", "May 3"."""
    if person.type != "PERSON" or not _MONTH_OR_DAY.fullmatch(body, person.start, person.end):
        return False
    return bool(_BEFORE_A_DATE.search(body[max(0, person.start - 9):person.start])
                or re.match(r"\s+\d", body[person.end:person.end + 3]))


class People:
    """Entity mentions of a body in text order, indexed so each quote's questions cost a bisection."""

    def __init__(self, people: list[Person], body: str | None = None):
        self.people = sorted(p for p in people if body is None or not _a_date(body, p))
        self.starts = [p.start for p in self.people]
        self.persons = [p for p in self.people if p.type == "PERSON"]
        self.person_ends = [p.end for p in self.persons]
        self.genders: dict[str, str] | None = None  # found on the first pronoun

    def inside(self, start: int, end: int) -> list[Person]:
        found, i = [], bisect_left(self.starts, start)
        while i < len(self.people) and self.people[i].start < end:
            if self.people[i].end <= end:
                found.append(self.people[i])
            i += 1
        return found

    def gender(self, body: str, person: Person) -> str | None:
        if self.genders is None:
            self.genders = genders(body, self.persons)
        return self.genders.get(person.name)

    def entity_at(self, body: str, start: int, end: int) -> Person | None:
        """The mention inside [start, end), a person before anything else, the last person named
        before an earlier one: "Trump campaign spokesman Jason Miller" is Jason Miller. A place
        that only says where the speaker is or serves is not the speaker: "the ambassador to the
        Netherlands", "the play's organiser in Uganda" (but "officials at the White House" speak
        for it)."""
        def order(p: Person) -> tuple[bool, int]:
            return p.type != "PERSON", -p.start if p.type == "PERSON" else p.start
        inside = sorted((p for p in self.inside(start, end) if not _placed(body, start, p)), key=order)
        return inside[0] if inside else None

    def persons_before(self, offset: int, limit: int = ROLE_LOOKBACK):
        """The people named before offset, nearest first."""
        i = bisect_right(self.person_ends, offset)
        return reversed(self.persons[max(0, i - limit):i])


def resolve(body: str, span: tuple[int, int] | None, people, quote_start: int,
            sentence_start: int | None = None) -> tuple[str | None, str | None]:
    """(speaker, speaker_entity) for the speaker written at span; `people` is a People index or a
    list of mentions in text order. A pronoun is the subject of its sentence when that is a person
    named before it (from `sentence_start`), else the nearest person named before."""
    if span is None:
        return None, None
    people = people if isinstance(people, People) else People(people, body)
    speaker = body[span[0]:span[1]].strip()
    # "she has the quality for the job", "That’s when she pointed to" (a clause taken for the
    # speaker) is said by "she"
    pronoun = _PRONOUN.search(body, span[0], span[1])
    if speaker.lower() in PRONOUNS or pronoun:
        before = min(pronoun.start() if pronoun else span[0], quote_start)
        person = _referent(body, people, (pronoun.group() if pronoun else speaker).lower(), before, sentence_start)
        return (person.name, person.name) if person else (speaker, None)
    entity = people.entity_at(body, span[0], span[1])
    named = _named_after(body, people, span[1]) if entity is None and speaker[:1].islower() else None
    if named:  # "said his wife, Sheila." is said by Sheila
        return named.name, named.name
    role = role_of(speaker) if entity is None else None
    if role:
        entity = person_with_role(body, role, people.persons_before(min(span[0], quote_start)))
    return speaker, entity.name if entity else None


_APPOSITION = re.compile(r",\s+")
_APPOSITION_ENDS = re.compile(r"\s*(?:[.,;:!?]|$)")


def _named_after(body: str, people: People, end: int) -> Person | None:
    """The person named right after a speaker phrase, set off by a comma and closing the clause:
    "his wife, Sheila." or "a spokesman, Tom Reyes,"."""
    comma = _APPOSITION.match(body, end)
    if not comma:
        return None
    person = next((p for p in people.inside(comma.end(), comma.end() + 60) if p.start == comma.end()), None)
    if person is None or person.type != "PERSON" or not _APPOSITION_ENDS.match(body, person.end):
        return None
    return person


def _referent(body: str, people: People, pronoun: str, before: int, sentence_start: int | None) -> Person | None:
    """The person a pronoun points back to: the first person its sentence names before it, else the
    nearest one named before it, skipping those of the other gender."""
    named = people.inside(sentence_start, before) if sentence_start is not None else []
    subject = [p for p in named if p.type == "PERSON"]
    wanted = "f" if pronoun in ("she", "her") else "m"
    fitting = (p for p in (*subject, *people.persons_before(before)) if people.gender(body, p) in (None, wanted))
    person = next(fitting, None)
    if person is None or person in subject:
        return person
    return _cue_subject(body, people, person, wanted) or person


def _cue_subject(body: str, people: People, person: Person, wanted: str, depth: int = 2) -> Person | None:
    """The subject of the speech cue when `person` is named inside the content it reports: "Ann Lee
    said the award should go to Tom Reyes. He said ..." points back to Ann Lee, not to Tom Reyes;
    when that subject is a pronoun itself ("Sam Lee ... And he said the role he wants is Tom Reyes"),
    the person it points to, a sentence or two back at most."""
    start, _ = sentence(body, person.start, person.end)
    cue = marks_of(body).first_cue(start, person.start)
    # "X claimed the race was his, but Y is unfazed": Y is named after the content, not in it
    if cue is None or _CONTENT_ENDS.search(body, cue[1], person.start):
        return None
    found = next((p for p in people.inside(start, cue[0])
                  if p.type == "PERSON" and p.name != person.name and people.gender(body, p) in (None, wanted)), None)
    if found is not None or depth <= 1:
        return found
    pronoun = _PRONOUN.search(body, start, cue[0])
    if pronoun is None or ("f" if pronoun.group().lower() == "she" else "m") != wanted:
        return None
    earlier = next((p for p in people.persons_before(start) if people.gender(body, p) in (None, wanted)), None)
    if earlier is None or earlier.name == person.name:
        return None
    return _cue_subject(body, people, earlier, wanted, depth - 1) or earlier


def _possessed(body: str, owner: Person, named: list[Person]) -> Person | None:
    """The person named right after "Owner's role": "Trump's campaign manager Kellyanne Conway"."""
    if body[owner.end:owner.end + 2] not in ("'s", "’s"):
        return None
    return next((p for p in named if p.type == "PERSON" and 0 < p.start - owner.end <= POSSESSED_REACH), None)


def subject(body: str, start: int, cue: int, people: People) -> tuple[str, str | None] | None:
    """The speaker of reported speech as the subject before its cue ("Trump called the senator a
    “nasty guy”"): the first person (else entity) named in [start, cue), else a short noun phrase."""
    named = [p for p in people.inside(start, cue) if p.type in ("PERSON", "ORG", "GPE", "NORP")]
    # "Tom Reyes was speaking after Ann Lee told members ...": the cue's subject follows the
    # conjunction that opens its clause
    opening = None
    for opening in _SUBORDINATOR.finditer(body, start, cue):
        pass
    if opening is not None and any(p.type == "PERSON" and p.start >= opening.end() for p in named):
        named = [p for p in named if p.start >= opening.end()]
    if named:
        person = min(named, key=lambda p: (p.type != "PERSON", p.start))  # the subject comes first
        head = _possessed(body, person, named)  # "Hunter Biden's attorney Abbe Lowell"
        return (body[person.start:head.end], head.name) if head else (body[person.start:person.end], person.name)
    phrase = body[start:cue].strip(" ,")
    pronoun = _PRONOUN.match(phrase)
    if pronoun:  # "He lamented", "He released a letter that says he has “good health”"
        offset = start + len(body[start:cue]) - len(body[start:cue].lstrip(" ,"))
        return resolve(body, (offset, offset + pronoun.end()), people, cue, start)
    return (phrase, None) if phrase and len(phrase.split()) <= MAX_SUBJECT_WORDS and plausible(phrase) else None
