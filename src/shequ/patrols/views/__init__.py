"""The pages of 平安联护: staff set-up and planning (``staff``), the patrol member's phone
pages (``phone``) and the ratings (``ratings``)."""
