package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.observability.MdcKeys;
import org.slf4j.MDC;

/**
 * Puts the current event into SLF4J's MDC while listeners run; see {@link MdcKeys}. Each MDC call
 * costs a map operation and, with Logback, two thread-local lookups: the thread's
 * {@link CurrentEvent.State#mdcKeys} remembers which keys this class put, so that a key without a
 * value is removed only if it is there, and a dispatch ends by removing only what it put.
 */
final class DiagnosticContext {

  private static final int ID = 1;
  private static final int TYPE = 1 << 1;
  private static final int CORRELATION = 1 << 2;
  private static final int TENANT = 1 << 3;

  private DiagnosticContext() {}

  /** Whether SLF4J's MDC keeps anything (slf4j-simple and slf4j-nop keep nothing). */
  static boolean available() {
    return !(MDC.getMDCAdapter() instanceof org.slf4j.helpers.NOPMDCAdapter);
  }

  static void enter(CurrentEvent.State thread, Envelope<?> envelope) {
    MDC.put(MdcKeys.EVENT_ID, envelope.id());
    MDC.put(MdcKeys.EVENT_TYPE, envelope.type());
    int present = thread.mdcKeys;
    thread.mdcKeys = ID | TYPE
        | putOrRemove(present, CORRELATION, MdcKeys.CORRELATION_ID, envelope.correlationId())
        | putOrRemove(present, TENANT, MdcKeys.TENANT_ID, envelope.tenantId());
  }

  /** Back to the event that was current before, or to none. */
  static void restore(CurrentEvent.State thread, Envelope<?> previous) {
    if (previous != null) {
      enter(thread, previous);
      return;
    }
    int present = thread.mdcKeys;
    remove(present, ID, MdcKeys.EVENT_ID);
    remove(present, TYPE, MdcKeys.EVENT_TYPE);
    remove(present, CORRELATION, MdcKeys.CORRELATION_ID);
    remove(present, TENANT, MdcKeys.TENANT_ID);
    thread.mdcKeys = 0;
  }

  /** Puts {@code value}, or removes a key that {@code present} says is there; its bit if put. */
  private static int putOrRemove(int present, int bit, String key, String value) {
    if (value != null) {
      MDC.put(key, value);
      return bit;
    }
    remove(present, bit, key);
    return 0;
  }

  private static void remove(int present, int bit, String key) {
    if ((present & bit) != 0) {
      MDC.remove(key);
    }
  }
}
