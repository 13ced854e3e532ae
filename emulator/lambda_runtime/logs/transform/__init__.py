"""Log transformers: processors that turn a log event into a JSON document at ingestion."""
