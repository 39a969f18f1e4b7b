"""The pages of 要事联商 (matters, meetings, the public page)."""
