package dev.herald.web;

import java.util.Objects;
import java.util.Set;

/**
 * Who is on the other end of a connection, as an {@link Authenticator} established it.
 *
 * @param name the principal's name, e.g. a staff id
 * @param tenant the only tenant whose events the principal sees and publishes in, or {@code null}
 *     for an operator who sees every tenant's events (and publishes without one)
 * @param roles what the principal may do, for a {@link ClientFilter} to read
 * @param seesSensitive whether {@code @Sensitive} components reach this principal as they are; when
 *     false they arrive as {@code "***"}
 */
public record WebPrincipal(String name, String tenant, Set<String> roles, boolean seesSensitive) {

  /** Checks that the name is present and copies the roles. */
  public WebPrincipal {
    Objects.requireNonNull(name, "name");
    roles = Set.copyOf(roles);
  }

  /** A principal of {@code tenant} with {@code roles}, who sees sensitive data redacted. */
  public static WebPrincipal of(String name, String tenant, String... roles) {
    return new WebPrincipal(name, tenant, Set.of(roles), false);
  }

  /** The same principal, allowed to see {@code @Sensitive} components. */
  public WebPrincipal seeingSensitive() {
    return new WebPrincipal(name, tenant, roles, true);
  }

  /** Whether the principal has {@code role}. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
