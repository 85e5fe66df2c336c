package dev.herald.web;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.wire.CloudEvents;
import java.nio.charset.StandardCharsets;

/**
 * One event on its way to clients, rendered at most once per kind of reader: as it is, and with
 * {@code @Sensitive} components redacted. Rendered lazily on the fan-out thread, which alone uses it
 * until the strings are handed to clients.
 */
final class OutboundEvent {

  private final Envelope<?> envelope;
  private final CloudEvents wire;
  private String full;
  private String redacted;

  OutboundEvent(Envelope<?> envelope, CloudEvents wire) {
    this.envelope = envelope;
    this.wire = wire;
  }

  Envelope<?> envelope() {
    return envelope;
  }

  /** The CloudEvents JSON {@code principal} may read. */
  String frameFor(WebPrincipal principal) {
    if (principal.seesSensitive()) {
      if (full == null) {
        full = new String(wire.toJson(envelope), StandardCharsets.UTF_8);
      }
      return full;
    }
    if (redacted == null) {
      redacted = wire.toRedactedJson(envelope);
    }
    return redacted;
  }
}
