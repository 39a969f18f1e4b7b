"""Numbers from forms and query strings: what is not one is "not given", never an error."""

from shequ.core.params import MAX_ID, ids_param


def test_ticked_ids_keep_the_keys_and_drop_what_is_not_one():
    sent = ["3", " 7 ", "", "abc", "-2", "0", str(MAX_ID), str(MAX_ID + 1), "1e3", "10" * 20]
    assert ids_param(sent) == [3, 7, MAX_ID]
