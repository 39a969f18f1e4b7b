"""Households and the people in them: who lives together, how old they are, their ID
numbers (GB 11643, check character computed), phones, tags and political status.

Everything is drawn from one ``random.Random`` in a fixed order, so a seed always gives the
same people. Ages are taken against :data:`~shequ.demo.scales.REFERENCE_DATE`.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from shequ.core.validators import IdNumber, id_check_char
from shequ.registry.models import PoliticalStatus, Relation, ResidenceType

from .names import NameMaker
from .scales import REFERENCE_DATE

HOME_REGION = "511703"  # 达州市达川区
# Floating residents are registered elsewhere: other counties of Dazhou, Chongqing, Chengdu.
OTHER_REGIONS = ("511702", "511722", "511723", "511724", "511725", "511781", "500233",
                 "500235", "510104", "510108", "513701", "511602")
MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
                   "151", "152", "153", "155", "156", "157", "158", "159", "166", "173",
                   "177", "180", "181", "182", "183", "186", "187", "188", "189", "191",
                   "198", "199")
MINORITIES = ("土家族", "回族", "彝族", "藏族", "羌族", "苗族")

# (kind, weight): who lives together. The mix gives about 2.95 people per household.
HOUSEHOLD_KINDS = (
    ("elder_alone", 9), ("single", 9), ("young_couple", 7), ("elder_couple", 13),
    ("nuclear", 34), ("single_parent", 5), ("three_generations", 15),
    ("elder_with_grandchildren", 4), ("siblings", 2), ("skipped_generation", 2),
)


@dataclass(slots=True)
class Person:
    relation: str
    gender: str
    birth: dt.date
    name: str = ""
    id_number: IdNumber | None = None
    phone: str = ""
    ethnicity: str = "汉族"
    political: str = PoliticalStatus.MASSES
    residence: str = ResidenceType.REGISTERED
    tags: list[str] = field(default_factory=list)

    @property
    def age(self) -> int:
        r, b = REFERENCE_DATE, self.birth
        return r.year - b.year - ((r.month, r.day) < (b.month, b.day))


class PeopleMaker:
    def __init__(self, rng: random.Random, names: NameMaker):
        self.rng = rng
        self.names = names
        self._kinds = [k for k, _w in HOUSEHOLD_KINDS]
        self._kind_weights = [w for _k, w in HOUSEHOLD_KINDS]
        self._id_bodies: set[str] = set()
        self._phones: set[str] = set()

    # -- identity ------------------------------------------------------------------------
    def birth_for_age(self, age: int) -> dt.date:
        """A birth date that makes the person ``age`` on the reference date."""
        latest = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age)
        return latest - dt.timedelta(days=self.rng.randrange(365))

    def id_number(self, region: str, birth: dt.date, gender: str) -> IdNumber:
        """A unique, valid number: the 17th digit is odd for men, even for women."""
        prefix = f"{region}{birth:%Y%m%d}"
        parity = 1 if gender == "M" else 0
        while True:
            body = f"{prefix}{self.rng.randrange(500) * 2 + parity:03d}"
            if body not in self._id_bodies:
                self._id_bodies.add(body)
                return IdNumber(value=body + id_check_char(body), birth_date=birth,
                                gender=gender)

    def phone(self) -> str:
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    # -- households ----------------------------------------------------------------------
    def _p(self, relation: str, gender: str, age: int) -> Person:
        return Person(relation=relation, gender=gender, birth=self.birth_for_age(max(age, 0)))

    def _other(self, gender: str) -> str:
        return "F" if gender == "M" else "M"

    def _children(self, mother_age: int, n: int, relation: str) -> list[Person]:
        rng = self.rng
        out = []
        for _ in range(n):
            age = mother_age - rng.randint(22, 38)
            if age >= 0:
                out.append(self._p(relation, rng.choice("MF"), age))
        return out

    def composition(self) -> tuple[str, list[Person]]:
        """The kind of household and its members (relation, gender, birth), head first."""
        rng = self.rng
        kind = rng.choices(self._kinds, weights=self._kind_weights)[0]
        couple_head = "M" if rng.random() < 0.85 else "F"
        if kind == "elder_alone":
            return kind, [self._p(Relation.HEAD, "F" if rng.random() < 0.65 else "M",
                                  rng.randint(65, 94))]
        if kind == "single":
            return kind, [self._p(Relation.HEAD, rng.choice("MF"), rng.randint(20, 64))]
        if kind in ("young_couple", "elder_couple", "nuclear", "three_generations"):
            lo, hi = {"young_couple": (23, 40), "elder_couple": (58, 90),
                      "nuclear": (28, 55), "three_generations": (30, 50)}[kind]
            head_age = rng.randint(lo, hi)
            spouse_age = max(20, head_age + rng.randint(-5, 2) * (1 if couple_head == "M" else -1))
            people = [self._p(Relation.HEAD, couple_head, head_age),
                      self._p(Relation.SPOUSE, self._other(couple_head), spouse_age)]
            mother_age = spouse_age if couple_head == "M" else head_age
            if kind == "nuclear":
                n = rng.choices((1, 2, 3), weights=(55, 38, 7))[0]
                people += self._children(mother_age, n, Relation.CHILD)
            elif kind == "three_generations":
                people += self._children(mother_age, rng.choice((1, 1, 2)), Relation.CHILD)
                parent_age = head_age + rng.randint(24, 34)
                people.append(self._p(Relation.PARENT, rng.choice("MF"), parent_age))
                if rng.random() < 0.5:
                    last = people[-1]
                    people.append(self._p(Relation.PARENT, self._other(last.gender),
                                          parent_age + rng.randint(-3, 3)))
            return kind, people
        if kind == "single_parent":
            head = self._p(Relation.HEAD, "F" if rng.random() < 0.75 else "M", rng.randint(28, 50))
            return kind, [head, *self._children(head.age, rng.choice((1, 1, 2)), Relation.CHILD)]
        if kind in ("elder_with_grandchildren", "skipped_generation"):
            head_age = rng.randint(55, 75)
            people = [self._p(Relation.HEAD, couple_head, head_age)]
            if rng.random() < 0.8:
                people.append(self._p(Relation.SPOUSE, self._other(couple_head),
                                      head_age + rng.randint(-4, 2)))
            child_age = head_age - rng.randint(24, 32)
            grand_lo, grand_hi = (0, min(child_age - 22, 20)) if kind == "elder_with_grandchildren" \
                else (3, min(child_age - 22, 14))
            if kind == "elder_with_grandchildren":
                child_gender = rng.choice("MF")
                people.append(self._p(Relation.CHILD, child_gender, child_age))
                people.append(self._p(Relation.CHILD_IN_LAW, self._other(child_gender),
                                      child_age + rng.randint(-3, 3)))
            for _ in range(rng.choice((1, 1, 2))):
                if grand_hi >= grand_lo:
                    people.append(self._p(Relation.GRANDCHILD, rng.choice("MF"),
                                          rng.randint(grand_lo, grand_hi)))
            return kind, people
        # siblings sharing a flat
        head = self._p(Relation.HEAD, rng.choice("MF"), rng.randint(20, 60))
        return kind, [head, self._p(Relation.SIBLING, rng.choice("MF"),
                                    head.age + rng.randint(-8, 8))]

    def household(self) -> tuple[str, list[Person]]:
        """A complete household: composition, names, IDs, phones, tags, statuses."""
        rng = self.rng
        kind, people = self.composition()
        floating = rng.random() < 0.10
        region = rng.choice(OTHER_REGIONS) if floating else HOME_REGION
        minority = rng.choice(MINORITIES) if rng.random() < 0.015 else None
        head = people[0]
        head_surname = self.names.surname()
        spouse_surname = self.names.surname()
        father_surname = head_surname if head.gender == "M" else spouse_surname
        in_law_surname = self.names.surname()
        for p in people:
            if p.relation in (Relation.HEAD, Relation.SIBLING):
                surname = head_surname
            elif p.relation == Relation.SPOUSE:
                surname = spouse_surname
            elif p.relation == Relation.CHILD:
                surname = father_surname if rng.random() < 0.92 else spouse_surname
            elif p.relation == Relation.PARENT:
                surname = head_surname if p.gender == "M" else self.names.surname()
            elif p.relation == Relation.CHILD_IN_LAW:
                surname = in_law_surname
            else:  # grandchildren carry the family name in this demo
                surname = father_surname
            p.name = self.names.person(p.gender, p.birth.year, surname)
            p.id_number = self.id_number(region, p.birth, p.gender)
            age = p.age
            if age >= 15 and rng.random() < (0.92 if age < 65 else 0.70):
                p.phone = self.phone()
            if minority and rng.random() < 0.8:
                p.ethnicity = minority
            if floating:
                p.residence = ResidenceType.FLOATING
            self._status_and_tags(p, age, kind)
        if rng.random() < 0.025:
            head.tags.append("subsistence")
        return kind, people

    def _status_and_tags(self, p: Person, age: int, kind: str) -> None:
        rng = self.rng
        if 14 <= age <= 28 and rng.random() < 0.35:
            p.political = PoliticalStatus.CYL_MEMBER
        elif age >= 35 and rng.random() < 0.004:
            p.political = PoliticalStatus.DEMOCRATIC_PARTY
        if kind == "elder_alone" and rng.random() < 0.85:
            p.tags.append("elderly_alone")
        if age >= 5 and rng.random() < 0.015:
            p.tags.append("disabled")
        if p.gender == "M" and 40 <= age <= 75 and rng.random() < 0.04:
            p.tags.append("veteran")
        if kind == "skipped_generation" and p.relation == Relation.GRANDCHILD and age < 16:
            p.tags.append("left_behind_child")
        if 18 <= age <= 60 and rng.random() < 0.0015:
            p.tags.append("key_person")
