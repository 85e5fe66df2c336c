package dev.herald.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a record component takes when an older version of its event, which did not have the
 * component, is read as this version without an {@link Upcast} method.
 *
 * <pre>{@code
 * @Event(value = "room:booked", version = 2)
 * public record RoomBooked(String roomId, String guestId, @DefaultValue("1") int guests) {}
 * }</pre>
 *
 * <p>The value is written as Java would read a literal of the component's type: {@code "true"} or
 * {@code "false"} for a {@code boolean}, a decimal number for the numeric primitives and their
 * boxes, one character for a {@code char}, any text for a {@code String}, a constant's name for an
 * enum. The processor checks it, and reports {@code [Herald/InvalidDefaultValue]} when it does not
 * fit the type or the type has no literal form.
 *
 * <p>It applies to the copy the processor generates between two versions, never to documents of
 * this version itself: a document that lacks a required component is still refused.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.RECORD_COMPONENT)
public @interface DefaultValue {

  /** The component's value, as a literal of its type (without quotes for a {@code String}). */
  String value();
}
