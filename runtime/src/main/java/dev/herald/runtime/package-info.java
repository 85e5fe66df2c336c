/**
 * Herald's runtime API: the {@link dev.herald.runtime.EventBus bus},
 * {@link dev.herald.runtime.Envelope envelopes} and their {@link dev.herald.runtime.Metadata
 * metadata}, typed {@link dev.herald.runtime.EventKey event keys}, subscriptions with their options
 * and policies, and the exceptions callers catch.
 *
 * <p>The rest lives in packages named for their job: {@code deadletter}, {@code store} (the event
 * store interface), {@code observability} (metrics, history, health), {@code wire} (CloudEvents
 * JSON), {@code spi} (for authors of transports and stores), {@code generated} (what the processor's
 * code implements and calls) and {@code internal} (no public promises).
 */
package dev.herald.runtime;
