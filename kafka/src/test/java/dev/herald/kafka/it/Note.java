package dev.herald.kafka.it;

import dev.herald.annotations.Event;

/** An event that stays in the process (the transport is told to carry job:* and room:* only). */
@Event("local:note")
public record Note(String text) {}
