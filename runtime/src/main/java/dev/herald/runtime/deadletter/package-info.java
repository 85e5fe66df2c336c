/**
 * Dead letters: the deliveries that failed for good, kept in a
 * {@link dev.herald.runtime.deadletter.DeadLetterStore} until they are replayed or purged.
 */
package dev.herald.runtime.deadletter;
