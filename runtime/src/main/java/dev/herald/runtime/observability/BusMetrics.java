package dev.herald.runtime.observability;

import dev.herald.runtime.EventBus;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * What a bus counts: per event type and tenant, published, delivered, failed, retried and
 * dead-lettered events, pending and running deliveries, and handler latency. Counting costs a few
 * uncontended increments per delivery; turn it off with {@code EventBus.builder().metrics(false)}.
 *
 * <pre>{@code
 * MetricsSnapshot now = bus.metrics().snapshot();
 * now.type("task:created").latency().p99();
 * new HeraldMeterBinder(bus).bindTo(prometheusRegistry);   // herald-micrometer
 * }</pre>
 */
public interface BusMetrics {

  /** Whether this bus counts at all; when false every figure stays zero. */
  boolean enabled();

  /** Every figure now, summed per type, per tenant and in total. */
  MetricsSnapshot snapshot();

  /** The live series counted so far, one per event type and tenant seen. */
  Collection<EventSeries> series();

  /**
   * Calls {@code action} for every series now and for each new one as it appears (a tenant's first
   * event), e.g. to register meters. {@code action} must be quick and must not publish.
   */
  void forEachSeries(Consumer<? super EventSeries> action);

  /** Asynchronous deliveries queued or running now. */
  int queueDepth();

  /** The bus's {@code queueCapacity}. */
  int queueCapacity();

  /**
   * What the bus's transport counted (received, redelivered, claimed from other consumers,
   * dead-lettered), or {@link TransportMetrics#NONE} without a transport. Counted whether or not
   * {@link #enabled()}: the transport keeps these figures itself.
   */
  TransportMetrics transport();
}
