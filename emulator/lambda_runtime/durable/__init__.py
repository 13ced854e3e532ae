"""Lambda durable functions: executions, their checkpointed operations, timers and history.

A function created with ``DurableConfig`` runs each invocation as a durable
execution: the handler (through AWS's durable execution SDK) receives the
execution's ARN, a checkpoint token and the operations checkpointed so far,
checkpoints steps, waits and callbacks through CheckpointDurableExecution, and
answers ``{"Status": "SUCCEEDED" | "FAILED" | "PENDING"}``. A PENDING execution is
invoked again, replaying from its checkpoints, when what it waits for is done.
"""
