"""The person's data is theirs: download all of it, or delete the account."""
