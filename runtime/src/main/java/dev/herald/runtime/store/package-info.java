/**
 * The {@link dev.herald.runtime.store.EventStore event store} interface: an append-only log of the
 * events whose contract says {@code persist}, readable and replayable in append order.
 * Implementations come from integrations such as {@code herald-jdbc}.
 */
package dev.herald.runtime.store;
