/**
 * For integrators: the {@link dev.herald.runtime.spi.Transport} that carries events between
 * processes, the {@link dev.herald.runtime.spi.DeliveryOutcome} a bus reports to it, and
 * {@link dev.herald.runtime.spi.ContractsAware}, through which a bus hands its contracts to the
 * stores and transports it is built with. Applications use the integrations (herald-redis,
 * herald-jdbc), not this package.
 *
 * <p>For transport implementations, what every transport needs alike: {@link
 * dev.herald.runtime.spi.EventSelection} (which events travel and are consumed), {@link
 * dev.herald.runtime.spi.SettingChecks} (a builder's checks and messages), {@link
 * dev.herald.runtime.spi.DeadLetterScope} and {@link dev.herald.runtime.spi.DeadLetterIds} (a
 * transport's dead letters), {@link dev.herald.runtime.spi.TransportCounters} and {@link
 * dev.herald.runtime.spi.BoundContracts}.
 */
package dev.herald.runtime.spi;
