package dev.herald.web;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * What an {@link Authenticator} may read of a request: a WebSocket upgrade or an HTTP request.
 * Browsers cannot set headers on a WebSocket, so a token usually comes as a cookie or a query
 * parameter there.
 */
public interface ConnectRequest {

  /** The first value of header {@code name}, if present. */
  Optional<String> header(String name);

  /** The value of cookie {@code name}, if present. */
  Optional<String> cookie(String name);

  /** The first value of query parameter {@code name}, if present. */
  Optional<String> query(String name);

  /** Where the request came from. */
  InetSocketAddress remoteAddress();

  /**
   * The bearer token: the {@code Authorization: Bearer} header, else the {@code access_token}
   * query parameter (RFC 6750's two places a browser's WebSocket can use the second of).
   */
  default Optional<String> bearerToken() {
    Optional<String> header = header("Authorization")
        .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(value -> value.substring(7).trim());
    return header.isPresent() ? header : query("access_token");
  }
}
