package dev.herald.it.contracts;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;

/** An event that must survive a crash: critical (never lost) and persisted before publish returns. */
@Event(value = "crash:probe", critical = true, persist = true)
public record CrashProbe(@OrderingKey String stream, long sequence) {}
