package dev.herald.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component as personal or secret data (a phone number, a message's text). It travels
 * in the event as usual, but wherever Herald renders a payload for people (logs, history, failure
 * events, dead-letter views) the value is replaced by a redaction.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.RECORD_COMPONENT)
public @interface Sensitive {}
