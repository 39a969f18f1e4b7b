"""The straight-line model: its radius, distances and the KD-tree's nearest point agree with
a brute-force search."""

import numpy as np
import pytest

from shequ.circle.walk import WalkModel, haversine_m, nearest_straight


def test_the_default_walk_is_1125_metres():
    assert WalkModel().radius_m == pytest.approx(1125)
    assert WalkModel(speed_kmh=5, minutes=12).radius_m == pytest.approx(1000)


def test_haversine_of_one_hundredth_degree_of_latitude_is_about_1112_m():
    assert haversine_m(31.0, 107.0, 31.01, 107.0) == pytest.approx(1111.95, abs=0.5)


def test_the_tree_finds_the_same_nearest_point_as_brute_force():
    rng = np.random.default_rng(3)
    b_lat, b_lng = 31.2 + rng.random(500) * 0.1, 107.4 + rng.random(500) * 0.1
    p_lat, p_lng = 31.2 + rng.random(40) * 0.1, 107.4 + rng.random(40) * 0.1
    idx, dist = nearest_straight(b_lat, b_lng, p_lat, p_lng, detour=1.3)
    brute = haversine_m(b_lat[:, None], b_lng[:, None], p_lat[None, :], p_lng[None, :])
    assert (idx == brute.argmin(axis=1)).mean() > 0.99  # ties on the projected plane aside
    assert np.allclose(dist, brute.min(axis=1) * 1.3, rtol=1e-3)


def test_no_points_means_nothing_is_reachable():
    idx, dist = nearest_straight([31.2], [107.5], [], [], detour=1.3)
    assert idx.tolist() == [-1] and np.isinf(dist).all()
