package dev.herald.kafka.it;

import dev.herald.annotations.Event;

/** A numbered unit of work, for tests that count what every group handled. */
@Event("job:queued")
public record Job(int n) {}
