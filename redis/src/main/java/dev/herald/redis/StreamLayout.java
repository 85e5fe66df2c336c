package dev.herald.redis;

import dev.herald.annotations.EventNames;

/**
 * Which Redis stream an event travels on, under the transport's namespace. Every version of an event
 * shares its stream, so a consumer with older contracts sees newer versions (and dead-letters them,
 * see {@link RedisTransport}).
 */
public enum StreamLayout {

  /** One stream per event name: {@code <namespace>:stream:room:booked}. */
  PER_EVENT_TYPE,

  /**
   * One stream per domain, the event name's first segment: {@code room:booked} and
   * {@code room:cancelled} share {@code <namespace>:stream:room}, and keep their relative order.
   */
  PER_DOMAIN;

  /** The stream key of event {@code name} under {@code namespace}. */
  public String streamOf(String namespace, String name) {
    String suffix = this == PER_DOMAIN ? EventNames.segments(name).get(0) : name;
    return namespace + ":stream:" + suffix;
  }
}
