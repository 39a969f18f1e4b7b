"""The 15-minute walk on a street graph: an OpenStreetMap extract (``.osm.pbf`` or ``.osm``
XML) read with pyosmium (``osmium``, pinned in pyproject) into an undirected graph of the
walkable ways, and one multi-source Dijkstra per category (``scipy.sparse.csgraph``) from
every point of the category at once, stopped at the walking limit.

Buildings and points are snapped to their nearest graph node (a KD-tree on the local
plane); the snapping distance is walked too: a point joins the graph as an extra node tied
to its nearest node by an edge of that length, and a building's distance is the network
distance of its nearest node plus its own snap. Beyond the limit the distance is unknown
(``inf``): the building is not covered.

pyosmium reads both formats; there is no second, hand-written XML reader (the standard
library's parser is not safe for files from elsewhere, and one reader is one rule)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.utils.translation import gettext as _
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from shequ.core.errors import DomainError

from .errors import CircleErrorCode
from .walk import haversine_m, project

# Ways a pedestrian cannot use (OSM ``highway`` values and ``foot``/``access`` tags).
NOT_WALKABLE = {"motorway", "motorway_link", "trunk", "trunk_link", "construction",
                "proposed", "raceway", "bus_guideway", "abandoned", "platform"}
CLOSED = {"no", "private"}


def walkable(tags) -> bool:
    highway = tags.get("highway")
    if not highway or highway in NOT_WALKABLE or tags.get("area") == "yes":
        return False
    foot = tags.get("foot")
    if foot in CLOSED:
        return False
    return not (tags.get("access") in CLOSED and foot not in ("yes", "designated"))


@dataclass
class StreetGraph:
    """Nodes (degrees) and a symmetric sparse matrix of edge lengths in metres."""

    name: str
    lat: np.ndarray
    lng: np.ndarray
    matrix: csr_matrix

    @property
    def nodes(self) -> int:
        return len(self.lat)

    @property
    def edges(self) -> int:
        return self.matrix.nnz // 2

    def snap(self, lat, lng) -> tuple[np.ndarray, np.ndarray]:
        """(nearest node, distance to it in metres) of each coordinate."""
        lat0 = float(np.mean(self.lat))
        tree = self.__dict__.get("_tree")
        if tree is None:
            tree = self.__dict__["_tree"] = cKDTree(project(self.lat, self.lng, lat0))
        _d, idx = tree.query(project(lat, lng, lat0), k=1)
        idx = np.asarray(idx, dtype=np.int64)
        return idx, haversine_m(np.asarray(lat, float), np.asarray(lng, float),
                                self.lat[idx], self.lng[idx])


def build_graph(name: str, coords: dict[int, tuple[float, float]],
                ways: list[list[int]]) -> StreetGraph:
    """The graph of ``ways`` (lists of OSM node ids) over the nodes they use."""
    used = sorted({ref for way in ways for ref in way if ref in coords})
    if not used:
        raise DomainError(_("The street file has no walkable ways."),
                          code=CircleErrorCode.BAD_GRAPH, field="graph")
    index = {ref: i for i, ref in enumerate(used)}
    lat = np.array([coords[r][0] for r in used])
    lng = np.array([coords[r][1] for r in used])
    a, b = [], []
    for way in ways:
        seq = [index[r] for r in way if r in index]
        a.extend(seq[:-1])
        b.extend(seq[1:])
    a, b = np.array(a, dtype=np.int64), np.array(b, dtype=np.int64)
    keep = a != b
    a, b = a[keep], b[keep]
    w = np.maximum(haversine_m(lat[a], lng[a], lat[b], lng[b]), 0.01)
    n = len(used)
    m = coo_matrix((np.concatenate((w, w)), (np.concatenate((a, b)), np.concatenate((b, a)))),
                   shape=(n, n)).tocsr()  # duplicates summed: fine, a way walked twice is rare
    return StreetGraph(name=name, lat=lat, lng=lng, matrix=m)


def load_graph(path: Path | str) -> StreetGraph:
    """Read the walkable ways of an OSM extract; refused with a reason when unreadable."""
    path = Path(path)
    if not path.is_file():
        raise DomainError(_("No street file at %(p)s.") % {"p": path.name},
                          code=CircleErrorCode.BAD_GRAPH, field="graph")
    return _load_osmium(path)


def _load_osmium(path: Path) -> StreetGraph:
    import osmium

    coords: dict[int, tuple[float, float]] = {}
    ways: list[list[int]] = []

    class Ways(osmium.SimpleHandler):
        def way(self, w):
            if not walkable(w.tags):
                return
            refs = []
            for n in w.nodes:
                if n.location.valid():
                    coords[n.ref] = (n.location.lat, n.location.lon)
                    refs.append(n.ref)
            if len(refs) > 1:
                ways.append(refs)

    try:
        Ways().apply_file(str(path), locations=True)
    except RuntimeError as exc:
        raise DomainError(_("The street file cannot be read: %(e)s") % {"e": str(exc)[:200]},
                          code=CircleErrorCode.BAD_GRAPH, field="graph") from None
    return build_graph(path.name, coords, ways)


def nearest_network(graph: StreetGraph, b_lat, b_lng, p_lat, p_lng,
                    limit: float) -> tuple[np.ndarray, np.ndarray]:
    """For each building, (index of the nearest point by walking, distance in metres);
    −1 and inf when no point lies within ``limit`` metres of walking."""
    n_b = len(b_lat)
    if n_b == 0 or len(p_lat) == 0:
        return np.full(n_b, -1, dtype=np.int64), np.full(n_b, np.inf)
    n, m = graph.nodes, len(p_lat)
    p_node, p_snap = graph.snap(p_lat, p_lng)
    extra = coo_matrix((np.maximum(p_snap, 0.01), (np.arange(n, n + m), p_node)),
                       shape=(n + m, n + m))
    base = graph.matrix.tocoo()
    aug = coo_matrix((base.data, (base.row, base.col)), shape=(n + m, n + m))
    aug = (aug + extra + extra.T).tocsr()
    dist, _pred, sources = dijkstra(aug, directed=False, indices=np.arange(n, n + m),
                                    limit=limit, min_only=True, return_predecessors=True)
    b_node, b_snap = graph.snap(b_lat, b_lng)
    out = dist[b_node] + b_snap
    src = sources[b_node]
    which = np.where(src >= n, src - n, -1).astype(np.int64)
    out[(which < 0) | (out > limit)] = np.inf
    return which, out
