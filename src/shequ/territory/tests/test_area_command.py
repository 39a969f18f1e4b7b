"""shequ area: the set-up services from the command line, with refusals as non-zero exits."""

import json

import pytest
from django.core.management import CommandError, call_command

from shequ.territory.models import Area
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("area", *args, stdout=out)
    return out.getvalue()


def test_a_district_is_built_listed_renamed_recoded_and_retired():
    run("add", "--kind", "district", "--code", "511703", "--name", "达川区")
    run("add", "--kind", "street", "--code", "511703001000", "--name", "通川街道",
        "--parent", "511703")
    run("add", "--kind", "community", "--code", "511703001002", "--name", "北门社区",
        "--parent", "511703001")
    out = run("add", "--kind", "grid", "--name", "第一网格", "--parent", "511703001002")
    assert "511703001002001" in out
    listing = run("list", "--under", "511703001")
    assert listing.splitlines()[-1] == "3 area(s)"
    assert "      511703001002001\tgrid\t第一网格" in listing
    run("rename", "511703001002", "北门新社区")
    run("recode", "511703001", "511703005")
    assert Area.objects.get(name="第一网格").code == "511703005002001"
    run("retire", "511703005002001", "--reason", "合并")
    assert not Area.objects.filter(name="第一网格").exists()


def test_refusals_exit_with_the_code(tree):
    with pytest.raises(CommandError, match="area_code_parent"):
        run("add", "--kind", "community", "--code", "999999001001", "--name", "x",
            "--parent", tree.street.code)
    with pytest.raises(CommandError, match="conflict"):
        run("retire", tree.street.code)
    with pytest.raises(CommandError, match="not_found"):
        run("rename", "000000", "x")


def test_an_actor_outside_the_street_is_refused(tree):
    other = factories.Tree()
    factories.user("street_admin", other.street, username="other-admin")
    with pytest.raises(CommandError, match="not_found"):
        run("add", "--kind", "grid", "--name", "x", "--parent", tree.community.code,
            "--actor", "other-admin")
    factories.user("street_admin", tree.street, username="our-admin")
    out = run("add", "--kind", "grid", "--name", "第三网格", "--parent", tree.community.code,
              "--actor", "our-admin")
    assert tree.community.code + "003" in out


def test_boundary_and_building_move(tree, tmp_path):
    path = tmp_path / "grid.geojson"
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [
        [[107.5, 31.2], [107.51, 31.2], [107.51, 31.21], [107.5, 31.2]]]}))
    run("boundary", tree.grid1.code, str(path))
    tree.grid1.refresh_from_db()
    assert tree.grid1.polygon["type"] == "Polygon"
    building = tree.household1.entrance.building
    run("move", "--building", str(building.pk), "--grid", tree.grid2.code)
    building.refresh_from_db()
    assert building.grid_id == tree.grid2.pk
    path.write_text("{}")
    with pytest.raises(CommandError, match="invalid"):
        run("boundary", tree.grid1.code, str(path))
