"""The street-graph model on a small OpenStreetMap file: a building across a river from a
clinic, with the bridge far away, is out of the walk on the streets although the crow would
call it close; one on the same street is in."""

from __future__ import annotations

import numpy as np
import pytest

from shequ.circle.network import load_graph, nearest_network
from shequ.core.errors import DomainError

# Two parallel streets 300 m apart (a river between), joined by a bridge 2 km east.
OSM = """<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6" generator="test">
  <node id="1" lat="31.2000" lon="107.5000"/>
  <node id="2" lat="31.2000" lon="107.5100"/>
  <node id="3" lat="31.2000" lon="107.5210"/>
  <node id="4" lat="31.2027" lon="107.5000"/>
  <node id="5" lat="31.2027" lon="107.5100"/>
  <node id="6" lat="31.2027" lon="107.5210"/>
  <node id="7" lat="31.2013" lon="107.5000"/>
  <node id="8" lat="31.2000" lon="107.5050"/>
  <way id="10"><nd ref="1"/><nd ref="8"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/></way>
  <way id="11"><nd ref="4"/><nd ref="5"/><nd ref="6"/><tag k="highway" v="footway"/></way>
  <way id="12"><nd ref="3"/><nd ref="6"/><tag k="highway" v="footway"/><tag k="bridge" v="yes"/></way>
  <way id="13"><nd ref="1"/><nd ref="7"/><nd ref="4"/><tag k="highway" v="motorway"/></way>
</osm>
"""


@pytest.fixture
def graph(tmp_path):
    path = tmp_path / "town.osm"
    path.write_text(OSM, encoding="utf-8")
    return load_graph(path)


def test_the_motorway_is_not_walked(graph):
    assert graph.nodes == 7 and graph.edges == 6


def test_across_the_river_is_far_on_foot_and_along_the_street_is_near(graph):
    clinic = (np.array([31.2000]), np.array([107.5010]))
    b_lat, b_lng = np.array([31.2027, 31.2000]), np.array([107.5000, 107.5060])
    idx, dist = nearest_network(graph, b_lat, b_lng, *clinic, limit=1125)
    assert np.isinf(dist[0])  # 300 m as the crow flies, > 4 km by the bridge
    assert idx[1] == 0 and 500 < dist[1] < 900


def test_an_unreadable_file_is_refused_with_a_reason(tmp_path):
    bad = tmp_path / "bad.osm.pbf"
    bad.write_bytes(b"not a pbf")
    with pytest.raises(DomainError) as err:
        load_graph(bad)
    assert err.value.code == "street_graph_unreadable"
    with pytest.raises(DomainError):
        load_graph(tmp_path / "missing.osm")
