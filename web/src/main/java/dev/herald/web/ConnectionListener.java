package dev.herald.web;

/**
 * Hears connections open and close, e.g. to publish the application's own
 * {@code ws:client:connected} events. Called on server threads; must be thread-safe and quick. An
 * exception it throws is logged and does not affect the connection.
 */
public interface ConnectionListener {

  /** A client's WebSocket opened (it was authenticated during the upgrade). */
  default void connected(ClientInfo client) {}

  /** A client was authenticated as {@link ClientInfo#principal()}, right after it connected. */
  default void authenticated(ClientInfo client) {}

  /** A client's connection closed with {@code code} for {@code cause}. */
  default void disconnected(ClientInfo client, int code, Disconnect cause) {}

  /** Why a connection closed. */
  enum Disconnect {
    /** The client (or the server, at shutdown) closed it normally. */
    CLOSED,
    /** Nothing was heard from the client within the idle timeout. */
    TIMED_OUT,
    /** It read too slowly, under {@link SlowClientPolicy#CLOSE}, or sent too fast. */
    SLOW_OR_ABUSIVE,
    /** A network or protocol error. */
    FAILED
  }
}
