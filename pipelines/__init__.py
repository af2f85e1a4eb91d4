"""Item pipelines, one concern each: validate, dedupe, topics, snapshot."""
