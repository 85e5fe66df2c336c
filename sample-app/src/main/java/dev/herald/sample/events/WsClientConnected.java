package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.Sensitive;

/** A dashboard or a web-chat widget opened a WebSocket. */
@Event("ws:client:connected")
public record WsClientConnected(
    String connectionId, ClientType clientType, @Sensitive @Nullable String ip) {

  /** What is on the other end. */
  public enum ClientType {
    DASHBOARD,
    WIDGET
  }
}
