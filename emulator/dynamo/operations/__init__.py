"""DynamoDB's operations, one module per area; each operation is a function ``(provider, ctx, params)``.

tables (Create/Describe/List/Update/DeleteTable, with table_checks), items
(Put/Get/Update/DeleteItem, sharing writes), query and scan (sharing reads),
transactions, tags_ttl, account (DescribeLimits/Endpoints), batch. Shared
pieces: common (table lookup, name rule), expr (a request's expressions).
"""
