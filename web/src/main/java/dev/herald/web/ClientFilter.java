package dev.herald.web;

import dev.herald.runtime.Envelope;

/**
 * Which allowed events one principal may see, beyond the bridge's allow-list and the tenant rule:
 * e.g. only managers see escalations. Called on the bridge's fan-out thread for each event and
 * client, so it must be quick and must not block.
 */
@FunctionalInterface
public interface ClientFilter {

  /** Every principal sees every allowed event of its tenant. */
  ClientFilter ALL = (principal, envelope) -> true;

  /** Whether {@code principal} may receive {@code envelope}. */
  boolean allows(WebPrincipal principal, Envelope<?> envelope);
}
