/**
 * A test kit for users' own tests of their listeners.
 *
 * <ul>
 *   <li>{@link dev.herald.runtime.testing.EventRecorder} records what a bus published, answers
 *       queries, asserts with messages that list what was published, and awaits asynchronous
 *       deliveries without sleeping. It needs nothing but the runtime.
 *   <li>{@link dev.herald.runtime.testing.HeraldExtension} is a JUnit 5 extension: a fresh bus per
 *       test, injected with its recorder, and checked after the test for unfinished deliveries and
 *       dead letters ({@link dev.herald.runtime.testing.AllowDeadLetters} opts out of the latter).
 *       It needs {@code org.junit.jupiter:junit-jupiter-api} on the test class path, which
 *       herald-runtime declares as an optional dependency.
 * </ul>
 */
package dev.herald.runtime.testing;
