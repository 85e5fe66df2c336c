/**
 * A test kit for users' own tests of their listeners.
 *
 * <ul>
 *   <li>{@link dev.herald.test.EventRecorder} records what a bus published, answers
 *       queries, asserts with messages that list what was published, and awaits asynchronous
 *       deliveries without sleeping.
 *   <li>{@link dev.herald.test.HeraldExtension} is a JUnit 5 extension: a fresh bus per
 *       test, injected with its recorder, and checked after the test for unfinished deliveries and
 *       dead letters ({@link dev.herald.test.AllowDeadLetters} opts out of the latter).
 *       herald-test brings {@code org.junit.jupiter:junit-jupiter-api} with it.
 * </ul>
 */
package dev.herald.test;
