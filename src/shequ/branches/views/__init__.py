"""The branches app's pages: 三会一课 (meetings.py), 五个基本 (basics.py), the
responsibility chain (chain.py)."""
