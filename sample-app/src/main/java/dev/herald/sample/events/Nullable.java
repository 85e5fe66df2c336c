package dev.herald.sample.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component that may be absent. Herald recognises any annotation named {@code Nullable}
 * (JSpecify's, JSR 305's, this one); the sample declares its own to stay dependency-free.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
public @interface Nullable {}
