"""Permission policies: the one question views, API modules, templates and services ask
about a record ("may this user do this to that?").

Modelled on Wagtail's ``ModelPermissionPolicy``: a policy belongs to one scoped model
(or a family of models that share a place) and answers three things, always through the
scoping engine (``user.scope_for(action)``, ``Scope.covers_path``, ``ScopedQuerySet``)::

    policy.can(user, action, obj)        # -> bool
    policy.require(user, action, obj)    # NotFound when the user may not even see it,
                                         # Forbidden when they see it but may not act
    policy.instances_for(user, action)   # the rows the user may reach, as a queryset

``obj`` is a record (or a territory ``Area``) whose ``path_field`` holds its place, or a
place path itself. :data:`core.actors.SYSTEM` is allowed everything; ``None`` and
anonymous users nothing. Apps declare their policies in their manifest
(``core.manifest.AppManifest.policies``); :func:`policy_for` finds the one of a model.

Row rules beyond the place (a resident acting on their own sign-up, a liaison on their
unit) belong in the app's policy subclass (override :meth:`ModelPolicy.allows`), so they
are written once.
"""

from __future__ import annotations

from .actors import is_system
from .errors import Forbidden, NotFound


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


class ModelPolicy:
    """Place-based permissions for one model. Subclasses set ``view_action`` (seeing the
    record at all) and, for ``instances_for``, ``model``."""

    model: type | None = None
    view_action: str = ""
    path_field: str = "path"

    def __init__(self, model: type | None = None, *, view_action: str | None = None,
                 path_field: str | None = None):
        if model is not None:
            self.model = model
        if view_action is not None:
            self.view_action = view_action
        if path_field is not None:
            self.path_field = path_field
        elif self.model is not None and "path_field" not in type(self).__dict__:
            self.path_field = getattr(self.model, "scope_path_field", self.path_field)
        if not self.view_action:
            raise ValueError(f"{type(self).__name__}: a policy needs a view_action")

    def __repr__(self) -> str:
        name = self.model.__name__ if self.model is not None else "-"
        return f"<{type(self).__name__} {name} view={self.view_action}>"

    # -- the place of a record ------------------------------------------------------------
    def path_of(self, obj) -> str:
        if isinstance(obj, str):
            return obj
        return getattr(obj, self.path_field)

    # -- the three questions --------------------------------------------------------------
    def allows(self, user, action: str, obj) -> bool | None:
        """A row rule of the subclass: True/False decides, None defers to the place."""
        return None

    def can(self, user, action: str, obj) -> bool:
        """Whether ``user`` may ``action`` on ``obj``."""
        if is_system(user):
            return True
        if not _signed_in(user):
            return False
        rule = self.allows(user, action, obj)
        if rule is not None:
            return rule
        return user.scope_for(action).covers_path(self.path_of(obj))

    def require(self, user, action: str, obj) -> None:
        """Refuse unless ``user`` may ``action`` on ``obj``. Someone who may not even see it
        is told it does not exist (NotFound), so refusals never confirm what lies outside a
        scope; someone who sees it but may not act is Forbidden."""
        if self.can(user, action, obj):
            return
        if action == self.view_action or not self.can(user, self.view_action, obj):
            raise NotFound()
        raise Forbidden()

    def instances_for(self, user, action: str | None = None):
        """The rows of ``model`` ``user`` may reach for ``action`` (default: view)."""
        if self.model is None:
            raise TypeError(f"{self!r} has no model to list")
        manager = self.model._default_manager
        if is_system(user):
            return manager.all()
        return manager.all().for_actor(user, action or self.view_action)

    def places(self, user, action: str | None = None) -> tuple[str, ...]:
        """The territory subtrees where ``user`` holds ``action`` (default: view) — not
        their own records; empty for anyone without a territory grant."""
        if not _signed_in(user):
            return ()
        return user.scope_for(action or self.view_action).paths

    def holds(self, user, action: str) -> bool:
        """Whether ``user`` holds ``action`` anywhere (a menu entry, a page with a form)."""
        if is_system(user):
            return True
        return _signed_in(user) and user.can(action)


_by_model: dict[type, ModelPolicy] = {}


def register(policy: ModelPolicy) -> None:
    if policy.model is not None:
        _by_model[policy.model] = policy


def policy_for(model_or_obj) -> ModelPolicy:
    """The registered policy of a model (or of a record's model)."""
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    try:
        return _by_model[model]
    except KeyError:
        raise LookupError(f"no permission policy for {model.__name__}") from None


def registered() -> dict[type, ModelPolicy]:
    return dict(_by_model)
