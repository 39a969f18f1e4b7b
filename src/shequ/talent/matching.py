"""Two-way matching with an explained score, vectorised.

The score of a resident for a post is 100 points in four parts, each shown on the page:

* skills (40): the share of the post's skills the resident has;
* education (20): full when the resident meets the post's lowest education, half when one
  level short, none below;
* distance (20): straight-line distance between the resident's building and the place of
  work — full within 1 km, falling linearly to none at 20 km; half when either place has no
  coordinates (unknown, said so);
* wishes (20): four equal quarters — the kind of post is one the resident wishes (or they
  named none), the work type is one they accept (or none named), the post's top pay reaches
  their lowest wish, and the distance is within their farthest (or none named / unknown).

An index holds the reserve as arrays (skills as a sparse resident × tag matrix), so a post
against 50,000 residents is a sparse product and a few array operations
(bench/talent_bench.py). A process keeps the index of a scope until the reserve changes
(``stamp``: count and last change of the profiles)."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .models import PostKind, WorkType

WEIGHTS = {"skills": 40.0, "education": 20.0, "distance": 20.0, "wishes": 20.0}
NEAR_KM, FAR_KM = 1.0, 20.0
KIND_BIT = {k: 1 << i for i, k in enumerate(PostKind.values)}
WORK_BIT = {k: 1 << i for i, k in enumerate(WorkType.values)}
EARTH_KM = 6371.0088


def bits(values: str, table: dict[str, int]) -> int:
    """A comma-joined list of choices as a bit mask (0: none named)."""
    out = 0
    for v in values.split(","):
        out |= table.get(v, 0)
    return out


@dataclass(frozen=True)
class Post:
    """What the score needs of a demand."""

    skills: tuple[str, ...]
    education: int
    kind: str
    work_type: str
    pay_max: int
    lat: float | None
    lng: float | None


@dataclass
class Index:
    """The reserve as arrays, row i the i-th profile of ``ids``."""

    ids: np.ndarray            # profile ids (int64)
    vocab: dict[str, int]      # skill tag -> column
    skills: sparse.csr_matrix  # n × len(vocab), 1 where the profile has the tag
    education: np.ndarray      # int8
    lat: np.ndarray            # radians, NaN unknown
    lng: np.ndarray
    kinds: np.ndarray          # wished kinds of post, bit mask (0: any)
    work_types: np.ndarray     # accepted work types, bit mask (0: any)
    pay_min: np.ndarray        # lowest pay wished (0: none)
    max_km: np.ndarray         # farthest distance wished (inf: none)

    @classmethod
    def build(cls, rows: Iterable[Sequence]) -> Index:
        """From rows (id, skills, education, lat, lng, wish_kinds, wish_work_types,
        wish_pay_min, wish_max_km) as the selector reads them."""
        rows = list(rows)
        n = len(rows)
        vocab: dict[str, int] = {}
        indptr, indices = [0], []
        for r in rows:
            cols = {vocab.setdefault(t, len(vocab)) for t in r[1].split(",") if t}
            indices.extend(sorted(cols))
            indptr.append(len(indices))
        matrix = sparse.csr_matrix(
            (np.ones(len(indices), dtype=np.float32), np.array(indices, dtype=np.int32),
             np.array(indptr, dtype=np.int64)), shape=(n, max(len(vocab), 1)))
        col = list(zip(*rows, strict=True)) if rows else [()] * 9

        def floats(values, empty=np.nan):
            return np.array([empty if v is None else float(v) for v in values], dtype=np.float64)

        return cls(
            ids=np.array(col[0], dtype=np.int64), vocab=vocab, skills=matrix,
            education=np.array(col[2], dtype=np.int8),
            lat=np.radians(floats(col[3])), lng=np.radians(floats(col[4])),
            kinds=np.array([bits(v, KIND_BIT) for v in col[5]], dtype=np.int32),
            work_types=np.array([bits(v, WORK_BIT) for v in col[6]], dtype=np.int32),
            pay_min=floats(col[7], 0.0), max_km=floats(col[8], np.inf))

    def __len__(self) -> int:
        return len(self.ids)


def distance_km(lat1, lng1, lat2, lng2):
    """Great-circle distance in km between points given in radians (arrays welcome)."""
    a = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lng2 - lng1) / 2) ** 2)
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _parts(*, have, need, education, required, km, kinds, kind_bit, work_types, work_bit,
           pay_min, pay_max, max_km) -> dict[str, np.ndarray]:
    """The four parts of the score, in points, for broadcastable arrays: one post against
    many people, or one person against many posts."""
    need = np.asarray(need, dtype=np.float64)
    skills = np.where(need > 0, have / np.maximum(need, 1.0), 1.0)
    gap = np.asarray(required, dtype=np.int16) - np.asarray(education, dtype=np.int16)
    edu = np.where(gap <= 0, 1.0, np.where(gap == 1, 0.5, 0.0))
    known = ~np.isnan(km)
    near = np.clip((FAR_KM - np.nan_to_num(km, nan=FAR_KM)) / (FAR_KM - NEAR_KM), 0.0, 1.0)
    dist = np.where(known, near, 0.5)
    kind_ok = (kinds == 0) | ((kinds & kind_bit) != 0)
    type_ok = (work_types == 0) | ((work_types & work_bit) != 0)
    pay_ok = pay_min <= pay_max
    reach_ok = ~known | (np.nan_to_num(km, nan=0.0) <= max_km)
    wishes = (kind_ok.astype(np.float64) + type_ok + pay_ok + reach_ok) / 4
    return {"skills": skills * WEIGHTS["skills"], "education": edu * WEIGHTS["education"],
            "distance": dist * WEIGHTS["distance"], "wishes": wishes * WEIGHTS["wishes"],
            "km": km}


def _ranked(ids: np.ndarray, parts: dict, limit: int) -> list[dict]:
    total = parts["skills"] + parts["education"] + parts["distance"] + parts["wishes"]
    limit = min(limit, len(total))
    if limit <= 0:
        return []
    top = np.argpartition(-total, limit - 1)[:limit]
    top = top[np.lexsort((ids[top], -total[top]))]
    return [_explained(int(ids[i]), total[i], parts, i) for i in top]


def candidates(index: Index, post: Post, *, limit: int = 20) -> list[dict]:
    """The best ``limit`` residents of the index for ``post``, best first, each with its
    score's parts."""
    if not len(index):
        return []
    want = np.zeros(index.skills.shape[1], dtype=np.float32)
    want[[index.vocab[t] for t in post.skills if t in index.vocab]] = 1.0
    plat, plng = _point(post.lat, post.lng)
    km = distance_km(index.lat, index.lng, plat, plng)
    parts = _parts(have=index.skills @ want, need=len(post.skills), education=index.education,
                   required=post.education, km=km, kinds=index.kinds,
                   kind_bit=KIND_BIT.get(post.kind, 0), work_types=index.work_types,
                   work_bit=WORK_BIT.get(post.work_type, 0), pay_min=index.pay_min,
                   pay_max=post.pay_max, max_km=index.max_km)
    return _ranked(index.ids, parts, limit)


def posts(profile_row: Sequence, offered: Sequence[tuple[int, Post]], *,
          limit: int = 20) -> list[dict]:
    """The best ``limit`` of ``offered`` (id, post) for one resident (a row as
    ``Index.build`` takes it), best first, each with its score's parts."""
    if not offered:
        return []
    me = Index.build([profile_row])
    mine = set(me.vocab)
    ps = [p for _, p in offered]
    point = np.array([_point(p.lat, p.lng) for p in ps], dtype=np.float64)
    km = distance_km(me.lat[0], me.lng[0], point[:, 0], point[:, 1])
    parts = _parts(
        have=np.array([sum(t in mine for t in p.skills) for p in ps], dtype=np.float64),
        need=np.array([len(p.skills) for p in ps]), education=me.education[0],
        required=np.array([p.education for p in ps]), km=km, kinds=me.kinds[0],
        kind_bit=np.array([KIND_BIT.get(p.kind, 0) for p in ps]), work_types=me.work_types[0],
        work_bit=np.array([WORK_BIT.get(p.work_type, 0) for p in ps]), pay_min=me.pay_min[0],
        pay_max=np.array([p.pay_max for p in ps], dtype=np.float64), max_km=me.max_km[0])
    return _ranked(np.array([pk for pk, _ in offered], dtype=np.int64), parts, limit)


def _point(lat, lng) -> tuple[float, float]:
    if lat is None or lng is None:
        return np.nan, np.nan
    return float(np.radians(float(lat))), float(np.radians(float(lng)))


def _explained(pk: int, total: float, parts: dict, i: int) -> dict:
    km = parts["km"][i]
    return {"id": pk, "score": round(float(total)),
            "parts": {k: round(float(parts[k][i]), 1) for k in WEIGHTS},
            "km": None if np.isnan(km) else round(float(km), 1)}


# -- the per-process cache of indexes ---------------------------------------------------------
_cache: dict[tuple, Index] = {}
_lock = threading.Lock()
CACHE_SIZE = 16


def cached(key: tuple, stamp: tuple, build) -> Index:
    """The index for ``key`` (a scope) while ``stamp`` holds; ``build()`` otherwise."""
    full = (key, stamp)
    with _lock:
        hit = _cache.get(full)
    if hit is not None:
        return hit
    index = build()
    with _lock:
        for old in [k for k in _cache if k[0] == key]:
            del _cache[old]
        while len(_cache) >= CACHE_SIZE:
            del _cache[next(iter(_cache))]
        _cache[full] = index
    return index


def forget() -> None:
    with _lock:
        _cache.clear()
