package dev.herald.it.contracts;

import dev.herald.annotations.Event;

/** Something that must never go unheard. */
@Event(value = "alarm:raised", critical = true)
public record Alarm(String what) {}
