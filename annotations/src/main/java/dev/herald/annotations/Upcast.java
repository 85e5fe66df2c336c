package dev.herald.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method that turns version N of an event into version N+1 of the same event, so
 * that documents written as version N (in an event store, a dead-letter store, a stream) reach
 * listeners of the newest version.
 *
 * <pre>{@code
 * @Event(value = "order:placed", version = 1)
 * public record OrderPlacedV1(String orderId, long cents) {}
 *
 * @Event(value = "order:placed", version = 2)
 * public record OrderPlaced(String orderId, Money total) {}
 *
 * final class OrderMigrations {
 *   @Upcast
 *   static OrderPlaced toV2(OrderPlacedV1 old) {
 *     return new OrderPlaced(old.orderId(), new Money(old.cents(), "EUR"));
 *   }
 * }
 * }</pre>
 *
 * <p>When a document of an older version is decoded, it is read by its own version's codec and
 * then carried to the newest version one step at a time: by the {@code @Upcast} method of each
 * step, or, for a step that changes nothing incompatibly, by a copy the processor generates
 * (components by name, a new component taking its default: {@code null} when {@code @Nullable},
 * {@code Optional.empty()}, or its {@link DefaultValue}). The chain is plain generated calls, with
 * no reflection.
 *
 * <p>Rules, each a compile error with a code of the form {@code [Herald/...]}:
 * <ul>
 *   <li>the method is static, not private, takes exactly one {@code @Event} record, returns an
 *       {@code @Event} record, declares no type parameters and no checked exceptions;
 *   <li>it and the classes enclosing it can be reached from the package of the generated
 *       {@code EventMap} (public, or in that package; not in a private, local or inner class);
 *   <li>both events have the same name, they are declared in the same compilation, and the result
 *       is the very next version of the parameter (version N+1 of version N);
 *   <li>a step has at most one {@code @Upcast} method;
 *   <li>every older version has a path to the newest: each step whose new version removes a
 *       component, changes a component's type incompatibly, makes a component required or adds a
 *       required component without a default has an {@code @Upcast} method.
 * </ul>
 *
 * <p>The method must return a new, complete event and should not have side effects: it runs on
 * every decode of an older document, on whichever thread decodes it. An exception it throws fails
 * that decode, with an error naming the event.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Upcast {}
