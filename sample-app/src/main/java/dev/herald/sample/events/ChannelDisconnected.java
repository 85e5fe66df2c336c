package dev.herald.sample.events;

import dev.herald.annotations.Event;

/** A messaging channel's provider went away. */
@Event("channel:disconnected")
public record ChannelDisconnected(
    Channel channel, String provider, String reason, boolean willRetry) {}
