"""Pieces every API resource shares: the guarded blueprint, date ranges, paging."""
