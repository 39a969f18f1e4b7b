"""Branch post pages: the posts of the branches in sight with how many have read each (the
unread list and the reminder are the notice's own page), a new post, and a party member's
posts."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.kit import Column, FormPage, ListPage

from . import selectors, services
from .forms import PostForm
from .policies import Action, post_policy


def _notice(notice_id, page: str = "notice-read") -> str:
    return reverse(f"notices:{page}", args=[notice_id])


class PostList(ListPage):
    title = gettext_lazy("Branch posts")
    action = Action.VIEW_BRANCH
    columns = [
        Column(gettext_lazy("Title"), "notice.title", link=lambda p: _notice(p.notice_id)),
        Column(gettext_lazy("Branch"), "org.name"),
        Column(gettext_lazy("Type"), "get_kind_display"),
        Column(gettext_lazy("Published on"), "notice.published_at"),
        Column(gettext_lazy("Read"), lambda p: f"{p.read}/{p.recipients}",
               link=lambda p: _notice(p.notice_id, "notice-unread")),
    ]
    row_key, empty_text = "post", gettext_lazy("No branch posts yet.")

    def rows(self, filters):
        org_id = self.request.GET.get("org", "")
        org = selectors.branch_get_for_actor(self.request.user, org_id) if org_id else None
        return selectors.post_list(actor=self.request.user, org=org)

    def actions(self):
        if post_policy.holds(self.request.user, Action.MANAGE_POSTS):
            yield _("New post"), reverse("membership:post-new")


class PostNew(FormPage):
    form_class, title, action = PostForm, gettext_lazy("New branch post"), Action.MANAGE_POSTS
    success_message = gettext_lazy("The post is published to the branch's members.")

    def form_kwargs(self, obj):
        return {"branches": selectors.branch_list(actor=self.request.user,
                                                  action=Action.MANAGE_POSTS)[:500]}

    def initial(self, obj):
        return {"org": self.request.GET.get("org", "")}

    def save(self, obj, data):
        org = selectors.branch_get_for_actor(self.request.user, data.pop("org"), field="org",
                                             action=Action.MANAGE_POSTS)
        return services.branch_post_create(actor=self.request.user, org=org, **data)

    def success_url(self, row):
        return reverse("membership:post-list")

    back_url = success_url


class MyPosts(ListPage):
    title = gettext_lazy("Branch posts")
    action = Action.SELF_SERVICE
    columns = [
        Column(gettext_lazy("Title"), "notice.title",
               link=lambda r: _notice(r.notice_id)),
        Column(gettext_lazy("Published on"), "notice.published_at"),
        Column(gettext_lazy("Read"), "read_at"),
    ]
    row_key, empty_text = "receipt", gettext_lazy("No posts from your branch.")

    def rows(self, filters):
        return selectors.my_post_list(actor=self.request.user)
