package dev.herald.sample.boot;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;

/** A guest booked a room. */
@Event("room:booked")
public record RoomBooked(@OrderingKey String room, String guest) {}
