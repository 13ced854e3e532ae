"""CloudWatch Logs Insights: the query language, parsed and run over the log store."""
