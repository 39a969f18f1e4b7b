"""The service-post list on the page kit: filters, places, withdrawn posts marked; managers
get a link to edit each post, a supervisor (reads only) none; other roles a 404."""

import pytest
from django.urls import reverse

from shequ.members import services
from shequ.testing import factories

URL = "/members/posts/"


@pytest.fixture
def posts(staff, tree):
    return (services.post_create(actor=staff, community=tree.community, name="文明劝导",
                                 capacity=5),
            services.post_create(actor=staff, community=tree.community, name="政策宣讲"))


def test_managers_see_posts_with_edit_links(client, staff, posts):
    client.force_login(staff)
    page = client.get(URL).content.decode()
    for post in posts:
        assert f'data-post="{post.pk}"' in page
        assert reverse("members:post-edit", args=[post.pk]) in page
    assert "0/5" in page and reverse("members:post-new") in page


def test_the_filter_narrows_the_list(client, staff, posts):
    client.force_login(staff)
    page = client.get(URL, {"q": "宣讲"}).content.decode()
    assert f'data-post="{posts[1].pk}"' in page and f'data-post="{posts[0].pk}"' not in page


def test_a_supervisor_reads_without_edit_links(client, tree, posts):
    client.force_login(factories.user("supervisor", tree.community))
    page = client.get(URL).content.decode()
    assert f'data-post="{posts[0].pk}"' in page
    assert reverse("members:post-edit", args=[posts[0].pk]) not in page
    assert reverse("members:post-new") not in page


def test_a_grid_worker_gets_a_404(client, tree):
    client.force_login(factories.user("grid_worker", tree.grid1))
    assert client.get(URL).status_code == 404
