package dev.herald.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the record component that {@link Delivery#ORDERED} listeners are ordered by: events with equal
 * keys are delivered one after another in publish order, events with different keys in parallel.
 *
 * <p>At most one component per event carries it, and its type must have a stable value equality: a
 * primitive, a boxed primitive, {@code String}, {@code UUID} or an enum.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.RECORD_COMPONENT)
public @interface OrderingKey {}
