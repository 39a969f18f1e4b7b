from .fixtures import *  # noqa: F403 - the fixtures of this package's tests
