package dev.herald.sample.events;

import dev.herald.annotations.Event;

/** A WebSocket closed. */
@Event("ws:client:disconnected")
public record WsClientDisconnected(String connectionId, @Nullable String staffId, Reason reason) {

  /** Why it closed. */
  public enum Reason {
    CLOSE,
    TIMEOUT,
    ERROR
  }
}
