package dev.herald.runtime;


/**
 * What the compiler knows about one event contract. The generated {@code EventType} enum implements
 * it, one constant per {@code @Event} record.
 */
public interface EventDescriptor {

  /** The event's name, e.g. {@code message:received}. */
  String eventName();

  /** The contract's version, 1 or more. */
  int version();

  /** The payload record. */
  Class<?> payloadType();

  /** Never lost: dead-lettered when a delivery fails for good or nobody listens. */
  boolean critical();

  /** Appended to the event store before {@code publish} returns. */
  boolean persist();

  /**
   * The default priority of its asynchronous deliveries ({@code @Event(priority = …)}); a
   * publisher may set another per event with {@code Metadata.Builder.priority}.
   */
  default int priority() {
    return 0;
  }

  /** Whether the payload may appear in logs and history. */
  boolean logPayload();

  /** The first sentence of the record's Javadoc, or the empty string. */
  String description();

  /** The typed key of this event. */
  EventKey<?> key();
}
