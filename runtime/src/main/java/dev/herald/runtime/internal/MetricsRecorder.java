package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.observability.BusMetrics;
import dev.herald.runtime.observability.EventSeries;
import dev.herald.runtime.observability.MetricsSnapshot.Counts;
import dev.herald.runtime.observability.MetricsSnapshot;
import dev.herald.runtime.observability.TransportMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Counts per event type and tenant for one bus. Tenants are bounded per type, so that a flood of
 * tenant ids cannot grow memory without limit: beyond the bound they share one series.
 */
final class MetricsRecorder implements BusMetrics {

  static final int TENANTS_PER_TYPE = 1_000;

  private final boolean enabled;
  private final Clock clock;
  private final IntSupplier queueDepth;
  private final int queueCapacity;
  private final Map<EventKey<?>, TypeSeries> types = new ConcurrentHashMap<>();
  private final List<Consumer<? super EventSeries>> watchers = new CopyOnWriteArrayList<>();
  /** The transport's own counters; set once, when the bus is built with a transport. */
  private volatile Supplier<TransportMetrics> transport = () -> TransportMetrics.NONE;

  MetricsRecorder(boolean enabled, Clock clock, IntSupplier queueDepth, int queueCapacity) {
    this.enabled = enabled;
    this.clock = clock;
    this.queueDepth = queueDepth;
    this.queueCapacity = queueCapacity;
  }

  /** Reports {@code counters}' figures as the bus's {@link #transport()}. */
  void countTransport(Supplier<TransportMetrics> counters) {
    this.transport = counters;
  }

  @Override
  public TransportMetrics transport() {
    return transport.get();
  }

  /** The series of an envelope's type and tenant, or null when metrics are off. */
  Series seriesOf(Envelope<?> envelope) {
    if (!enabled) {
      return null;
    }
    return typeSeries(envelope.key()).of(envelope.tenantId());
  }

  /**
   * As {@link #seriesOf(Envelope)}, with the event's type series cached in the slot of its route:
   * no map lookup for an event without a tenant.
   */
  Series seriesOf(Envelope<?> envelope, Routes.KeySlot slot) {
    if (!enabled) {
      return null;
    }
    TypeSeries type = slot.series;
    if (type == null) {
      type = typeSeries(envelope.key());
      slot.series = type;
    }
    return type.of(envelope.tenantId());
  }

  private TypeSeries typeSeries(EventKey<?> key) {
    TypeSeries type = types.get(key);
    if (type == null) {
      type = types.computeIfAbsent(key, k -> new TypeSeries(k.name()));
    }
    return type;
  }

  final class TypeSeries {
    private final String eventType;
    private volatile Series withoutTenant;
    private final Map<String, Series> byTenant = new ConcurrentHashMap<>();

    TypeSeries(String eventType) {
      this.eventType = eventType;
    }

    Series of(String tenant) {
      Series series = tenant == null ? withoutTenant : byTenant.get(tenant);
      if (series != null) {
        return series;
      }
      if (tenant != null && byTenant.size() >= TENANTS_PER_TYPE) {
        Series others = byTenant.get(MetricsSnapshot.OTHER_TENANTS);
        if (others != null) {
          return others;
        }
      }
      return create(tenant);
    }

    /**
     * Makes a series under the recorder's lock, which {@link #forEachSeries} holds too, so that a
     * watcher hears of every series exactly once. Rare: once per type and tenant.
     */
    private Series create(String tenant) {
      synchronized (MetricsRecorder.this) {
        if (tenant == null) {
          if (withoutTenant == null) {
            withoutTenant = announce(new Series(eventType, MetricsSnapshot.NO_TENANT));
          }
          return withoutTenant;
        }
        String name = byTenant.size() < TENANTS_PER_TYPE || byTenant.containsKey(tenant)
            ? tenant : MetricsSnapshot.OTHER_TENANTS;
        Series series = byTenant.get(name);
        if (series == null) {
          series = new Series(eventType, name);
          byTenant.put(name, series);
          announce(series);
        }
        return series;
      }
    }

    void addTo(List<Series> all) {
      Series none = withoutTenant;
      if (none != null) {
        all.add(none);
      }
      all.addAll(byTenant.values());
    }
  }

  private Series announce(Series series) {
    for (Consumer<? super EventSeries> watcher : watchers) {
      watcher.accept(series);
    }
    return series;
  }

  @Override
  public boolean enabled() {
    return enabled;
  }

  @Override
  public Collection<EventSeries> series() {
    return List.copyOf(allSeries());
  }

  private List<Series> allSeries() {
    List<Series> all = new ArrayList<>();
    for (TypeSeries type : types.values()) {
      type.addTo(all);
    }
    return all;
  }

  @Override
  public synchronized void forEachSeries(Consumer<? super EventSeries> action) {
    watchers.add(action);
    allSeries().forEach(action);
  }

  @Override
  public int queueDepth() {
    return queueDepth.getAsInt();
  }

  @Override
  public int queueCapacity() {
    return queueCapacity;
  }

  @Override
  public MetricsSnapshot snapshot() {
    Map<String, Sum> byType = new HashMap<>();
    Map<String, Sum> byTenant = new HashMap<>();
    Sum total = new Sum();
    for (Series series : allSeries()) {
      byType.computeIfAbsent(series.eventType(), t -> new Sum()).add(series);
      byTenant.computeIfAbsent(series.tenant(), t -> new Sum()).add(series);
      total.add(series);
    }
    Map<String, Counts> types = new HashMap<>();
    byType.forEach((name, sum) -> types.put(name, sum.counts()));
    Map<String, Counts> tenants = new HashMap<>();
    byTenant.forEach((name, sum) -> tenants.put(name, sum.counts()));
    return new MetricsSnapshot(clock.instant(), queueDepth(), queueCapacity, types, tenants,
        total.counts());
  }

  /** Sums series, histograms included. */
  private static final class Sum {
    long published;
    long delivered;
    long failed;
    long retried;
    long deadLettered;
    long filtered;
    long pending;
    long running;
    long totalNanos;
    long maxNanos;
    final long[] buckets = LatencyHistogram.newSums();

    void add(Series series) {
      published += series.published();
      delivered += series.delivered();
      failed += series.failed();
      retried += series.retried();
      deadLettered += series.deadLettered();
      filtered += series.filtered();
      pending += series.pending();
      running += series.running();
      series.latency.addTo(buckets);
      series.async.addTo(buckets); // asynchronous attempts are recorded apart
      totalNanos += series.latency.totalNanos() + series.async.totalNanos();
      maxNanos = Math.max(maxNanos, Math.max(series.latency.maxNanos(), series.async.maxNanos()));
    }

    Counts counts() {
      return new Counts(published, delivered, failed, retried, deadLettered, filtered, pending,
          running, LatencyHistogram.latencyOf(buckets, totalNanos, maxNanos));
    }
  }
}
