/**
 * For integrators: the {@link dev.herald.runtime.spi.Transport} that carries events between
 * processes, the {@link dev.herald.runtime.spi.DeliveryOutcome} a bus reports to it, and
 * {@link dev.herald.runtime.spi.ContractsAware}, through which a bus hands its contracts to the
 * stores and transports it is built with. Applications use the integrations (herald-redis,
 * herald-jdbc), not this package.
 */
package dev.herald.runtime.spi;
