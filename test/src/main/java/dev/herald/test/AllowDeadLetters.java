package dev.herald.test;

import dev.herald.runtime.EventBus;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets a test (or every test of a class, and of its nested classes) end with dead letters on its
 * {@link HeraldExtension} bus, for tests about failures and retries:
 *
 * <pre>{@code
 * @Test
 * @AllowDeadLetters
 * void aBrokenListenerIsDeadLettered(EventBus bus) { ... }
 * }</pre>
 *
 * <p>Unfinished deliveries still fail the test. To allow dead letters for every test an extension
 * instance serves, use {@link HeraldExtension#allowDeadLetters()} instead.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AllowDeadLetters {}
