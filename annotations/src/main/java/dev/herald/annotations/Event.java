package dev.herald.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a record as an event contract.
 *
 * <pre>{@code
 * /** A guest sent a message on some channel. *}{@code /
 * @Event("message:received")
 * public record MessageReceived(String messageId, @OrderingKey String conversationId, String content) {}
 * }</pre>
 *
 * <p>The Herald processor turns every {@code @Event} record of a compilation into a constant of the
 * generated {@code EventType} enum, a typed key in the generated {@code EventMap} and a JSON codec. The
 * record's Javadoc becomes the event's description.
 *
 * <p>Rules, each checked at compile time:
 * <ul>
 *   <li>the annotated type is a non-generic record that generated code in its package can reach (not
 *       {@code private});
 *   <li>the {@linkplain #value() name} is one or more segments of {@code [a-z0-9_-]} joined by {@code :}
 *       or {@code .}, such as {@code message:received} or {@code billing.invoice.paid};
 *   <li>a name and {@linkplain #version() version} pair is declared once per compilation.
 * </ul>
 *
 * <p>Retained in class files so that a listener module compiled against a contracts jar sees it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Event {

  /** The event's name, e.g. {@code "message:received"}: segments of {@code [a-z0-9_-]} joined by {@code :} or {@code .}. */
  String value();

  /** The contract's version, 1 or more. A new version of the same name is a new record. */
  int version() default 1;

  /**
   * A critical event is never lost: when a delivery fails for good, or nobody listens, it goes to the
   * dead-letter store.
   */
  boolean critical() default false;

  /** Events of this type are appended to the event store before {@code publish} returns. */
  boolean persist() default false;

  /**
   * Whether the payload may appear in logs and history. When {@code false} Herald renders only the
   * envelope (id, type, correlation), never the payload.
   */
  boolean logPayload() default true;

  /**
   * The default priority of this event's asynchronous deliveries, which a publisher may override
   * per event ({@code Metadata.builder().priority(n)}): above 0, the bus's workers take them
   * before ordinary work, without starving it (see {@code EventBus} on priorities).
   */
  int priority() default 0;
}
