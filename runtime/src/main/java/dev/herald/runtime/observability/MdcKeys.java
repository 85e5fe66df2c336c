package dev.herald.runtime.observability;

import dev.herald.runtime.EventBus;

/**
 * The SLF4J {@link org.slf4j.MDC} keys the bus sets while a listener runs, so that the listener's own
 * log lines carry the event they handle, e.g. in a logback pattern
 * {@code %X{herald.eventType} %X{herald.correlationId}}. A key is absent when the event has no such
 * value. Turn it off with {@code EventBus.builder().mdc(false)}.
 */
public final class MdcKeys {

  public static final String EVENT_ID = "herald.eventId";
  public static final String EVENT_TYPE = "herald.eventType";
  public static final String CORRELATION_ID = "herald.correlationId";
  public static final String TENANT_ID = "herald.tenantId";

  private MdcKeys() {}
}
