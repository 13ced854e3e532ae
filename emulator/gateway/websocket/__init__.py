"""The WebSocket API data plane: connections, route selection, events, limits.

``ConnectionsProvider`` (``gateway/connections.py``) puts these together; each
module holds one concept so that the hot path (a message in, a Lambda
invocation, a frame out) can be read top to bottom in ``server.py``;
``integrations.py`` (with ``expressions.py``) serves the non-Lambda-proxy kinds;
``replies.py`` reads a Lambda proxy's result; ``exchange.py`` and ``stage_logs.py``
write the stages' access and execution logs; ``timeouts.py`` the idle and duration limits.
"""
