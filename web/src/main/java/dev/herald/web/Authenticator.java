package dev.herald.web;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides at connect who a client is. A request it does not recognise is refused before the
 * WebSocket opens (HTTP 401), so an unauthenticated client never sees a frame.
 *
 * <pre>{@code
 * Authenticator.bearer(token -> sessions.lookup(token));        // header or ?access_token=
 * Authenticator.cookie("herald_session", id -> sessions.lookup(id));
 * }</pre>
 *
 * <p>Called on a server thread for each connection; it may block briefly (a session lookup), and
 * must be thread-safe. An exception it throws refuses the connection and is logged.
 */
@FunctionalInterface
public interface Authenticator {

  /** The principal of {@code request}, or empty to refuse it. */
  Optional<WebPrincipal> authenticate(ConnectRequest request);

  /** Authenticates by bearer token, from the header or the {@code access_token} query parameter. */
  static Authenticator bearer(Function<String, Optional<WebPrincipal>> tokens) {
    Objects.requireNonNull(tokens, "tokens");
    return request -> request.bearerToken().flatMap(tokens);
  }

  /** Authenticates by the value of cookie {@code name}. */
  static Authenticator cookie(String name, Function<String, Optional<WebPrincipal>> sessions) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sessions, "sessions");
    return request -> request.cookie(name).flatMap(sessions);
  }

  /** This authenticator, else {@code other}. */
  default Authenticator or(Authenticator other) {
    Objects.requireNonNull(other, "other");
    return request -> {
      Optional<WebPrincipal> principal = authenticate(request);
      return principal.isPresent() ? principal : other.authenticate(request);
    };
  }
}
