package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.observability.MdcKeys;
import org.slf4j.MDC;

/** Puts the current event into SLF4J's MDC while listeners run; see {@link MdcKeys}. */
final class DiagnosticContext {

  private DiagnosticContext() {}

  /** Whether SLF4J's MDC keeps anything (slf4j-simple and slf4j-nop keep nothing). */
  static boolean available() {
    return !(MDC.getMDCAdapter() instanceof org.slf4j.helpers.NOPMDCAdapter);
  }

  static void enter(Envelope<?> envelope) {
    MDC.put(MdcKeys.EVENT_ID, envelope.id());
    MDC.put(MdcKeys.EVENT_TYPE, envelope.type());
    putOrRemove(MdcKeys.CORRELATION_ID, envelope.correlationId());
    putOrRemove(MdcKeys.TENANT_ID, envelope.tenantId());
  }

  /** Back to the event that was current before, or to none. */
  static void restore(Envelope<?> previous) {
    if (previous != null) {
      enter(previous);
    } else {
      MDC.remove(MdcKeys.EVENT_ID);
      MDC.remove(MdcKeys.EVENT_TYPE);
      MDC.remove(MdcKeys.CORRELATION_ID);
      MDC.remove(MdcKeys.TENANT_ID);
    }
  }

  private static void putOrRemove(String key, String value) {
    if (value != null) {
      MDC.put(key, value);
    } else {
      MDC.remove(key);
    }
  }
}
