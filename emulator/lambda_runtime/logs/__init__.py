"""CloudWatch Logs: the log store Lambda writes to, and the Logs API over it."""
