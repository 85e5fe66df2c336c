package dev.herald.sample.events;

import dev.herald.annotations.Event;
import java.time.Instant;

/** A messaging channel's provider is throttling the hotel's messages. */
@Event("channel:rate:limited")
public record ChannelRateLimited(
    Channel channel,
    String provider,
    int limit,
    int remaining,
    Instant resetAt,
    int queuedMessages) {}
