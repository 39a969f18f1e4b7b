"""Shequ (社区): urban community governance platform."""
