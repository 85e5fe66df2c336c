package dev.herald.sample.events;

import dev.herald.annotations.Event;

/** A messaging channel's provider is reachable. */
@Event("channel:connected")
public record ChannelConnected(Channel channel, String provider, Status status) {

  /** Whether this is the first connection or a recovery. */
  public enum Status {
    CONNECTED,
    RECONNECTED
  }
}
