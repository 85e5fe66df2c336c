package dev.herald.micrometer;

import dev.herald.runtime.EventBus;
import dev.herald.runtime.observability.BusMetrics;
import dev.herald.runtime.observability.EventSeries;
import dev.herald.runtime.observability.TransportMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Exposes a bus's {@link BusMetrics} to Micrometer, and so to Prometheus and the rest. Each series
 * (event type and tenant) gets its meters when it first appears, tagged {@code bus}, {@code event}
 * and {@code tenant}:
 *
 * <ul>
 *   <li>{@code herald.events.published} (counter);
 *   <li>{@code herald.deliveries} (counter) tagged {@code outcome}: {@code delivered},
 *       {@code failed}, {@code retried}, {@code dead_lettered}, {@code filtered};
 *   <li>{@code herald.deliveries.pending} and {@code herald.deliveries.running} (gauges);
 *   <li>{@code herald.handler} (timer: count and total time) and {@code herald.handler.percentile}
 *       (time gauges tagged {@code quantile} 0.5, 0.9, 0.99);
 * </ul>
 *
 * and per bus {@code herald.queue.depth}, {@code herald.queue.capacity}, {@code herald.health}
 * (0 UP, 1 DEGRADED, 2 DOWN) and {@code herald.store.skipped} (tagged {@code store=deadLetters}:
 * rows the dead-letter store skipped since it was opened because it could not decode them; for an
 * event store, register a gauge of {@code EventStore::skippedRows} yourself); with a transport,
 * {@code herald.transport.entries} (counter) tagged {@code transport} and {@code outcome}:
 * {@code received}, {@code redelivered}, {@code claimed} (taken over from another consumer) and
 * {@code dead_lettered}. Meters read the bus's counters when scraped; publishing pays nothing
 * extra.
 *
 * <pre>{@code
 * new HeraldMeterBinder(bus).bindTo(registry);
 * }</pre>
 */
public final class HeraldMeterBinder implements MeterBinder {

  private final EventBus bus;
  private final Tags tags;

  /** A binder for {@code bus}'s metrics, without extra tags. */
  public HeraldMeterBinder(EventBus bus) {
    this(bus, Tags.empty());
  }

  /** With {@code extraTags} on every meter, e.g. the service's name. */
  public HeraldMeterBinder(EventBus bus, Iterable<Tag> extraTags) {
    this.bus = Objects.requireNonNull(bus, "bus");
    this.tags = Tags.of(extraTags).and("bus", bus.source());
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    BusMetrics metrics = bus.metrics();
    Gauge.builder("herald.queue.depth", metrics, BusMetrics::queueDepth).tags(tags)
        .description("Asynchronous deliveries queued or running").register(registry);
    Gauge.builder("herald.queue.capacity", metrics, BusMetrics::queueCapacity).tags(tags)
        .description("The bus's queueCapacity").register(registry);
    Gauge.builder("herald.health", bus, b -> b.health().status().ordinal()).tags(tags)
        .description("0 UP, 1 DEGRADED, 2 DOWN; see EventBus.health() for the reasons")
        .register(registry);
    String transport = metrics.transport().transport();
    if (!transport.equals(TransportMetrics.NONE.transport())) {
      Tags transportTags = tags.and("transport", transport);
      transportCounter(registry, metrics, transportTags, "received", TransportMetrics::received);
      transportCounter(registry, metrics, transportTags, "redelivered",
          TransportMetrics::redelivered);
      transportCounter(registry, metrics, transportTags, "claimed", TransportMetrics::claimed);
      transportCounter(registry, metrics, transportTags, "dead_lettered",
          TransportMetrics::deadLettered);
    }
    Gauge.builder("herald.store.skipped", bus, b -> b.deadLetters().skippedRows())
        .tags(tags.and("store", "deadLetters"))
        .description("Stored rows the dead-letter store skipped since it was opened because it"
            + " could not decode them; each is logged at ERROR")
        .register(registry);
    metrics.forEachSeries(series -> bindSeries(registry, series));
  }

  private static void transportCounter(MeterRegistry registry, BusMetrics metrics, Tags tags,
      String outcome, ToLongFunction<TransportMetrics> count) {
    FunctionCounter.builder("herald.transport.entries", metrics,
            m -> count.applyAsLong(m.transport()))
        .tags(tags.and("outcome", outcome)).description("Entries the transport received, by outcome")
        .register(registry);
  }

  private void bindSeries(MeterRegistry registry, EventSeries series) {
    Tags seriesTags = tags.and("event", series.eventType(), "tenant", series.tenant());
    FunctionCounter.builder("herald.events.published", series, EventSeries::published)
        .tags(seriesTags).description("Events published").register(registry);
    counter(registry, series, seriesTags, "delivered", EventSeries::delivered);
    counter(registry, series, seriesTags, "failed", EventSeries::failed);
    counter(registry, series, seriesTags, "retried", EventSeries::retried);
    counter(registry, series, seriesTags, "dead_lettered", EventSeries::deadLettered);
    counter(registry, series, seriesTags, "filtered", EventSeries::filtered);
    Gauge.builder("herald.deliveries.pending", series, EventSeries::pending).tags(seriesTags)
        .description("Asynchronous deliveries accepted and not yet final").register(registry);
    Gauge.builder("herald.deliveries.running", series, EventSeries::running).tags(seriesTags)
        .description("Asynchronous attempts running now").register(registry);
    FunctionTimer.builder("herald.handler", series, s -> s.latency().count(),
            s -> s.latency().mean().toNanos() * (double) s.latency().count(), TimeUnit.NANOSECONDS)
        .tags(seriesTags).description("How long listener attempts ran").register(registry);
    percentile(registry, series, seriesTags, "0.5", l -> l.latency().p50());
    percentile(registry, series, seriesTags, "0.9", l -> l.latency().p90());
    percentile(registry, series, seriesTags, "0.99", l -> l.latency().p99());
  }

  private static void counter(MeterRegistry registry, EventSeries series, Tags seriesTags,
      String outcome, ToLongFunction<EventSeries> count) {
    FunctionCounter.builder("herald.deliveries", series, s -> count.applyAsLong(s))
        .tags(seriesTags.and("outcome", outcome)).description("Deliveries by outcome")
        .register(registry);
  }

  private static void percentile(MeterRegistry registry, EventSeries series, Tags seriesTags,
      String quantile, Function<EventSeries, Duration> value) {
    TimeGauge.builder("herald.handler.percentile", series, TimeUnit.NANOSECONDS,
            s -> value.apply(s).toNanos())
        .tags(seriesTags.and("quantile", quantile)).description("Listener attempt duration")
        .register(registry);
  }
}
