package dev.herald.sample.report;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long each component's handlers take, in wall-clock nanoseconds. Components wrap their handler
 * bodies in {@link #time}; once the bus measures handlers itself (its metrics issue), this goes.
 */
public final class HandlerTimer {

  /** The 50th and 99th percentile of some handler runs, in microseconds. */
  public record Latency(long count, double p50Micros, double p99Micros) {}

  private final Map<String, Samples> samples = new ConcurrentHashMap<>();

  /** Runs {@code body}, recording its time under {@code handler} even if it throws. */
  public void time(String handler, Runnable body) {
    long start = System.nanoTime();
    try {
      body.run();
    } finally {
      samples.computeIfAbsent(handler, h -> new Samples()).add(System.nanoTime() - start);
    }
  }

  /** Every handler's latency, by name. */
  public Map<String, Latency> byHandler() {
    Map<String, Latency> result = new TreeMap<>();
    samples.forEach((name, s) -> result.put(name, s.latency()));
    return result;
  }

  /** All handlers together. */
  public Latency overall() {
    Samples all = new Samples();
    samples.values().forEach(s -> all.addAll(s));
    return all.latency();
  }

  /** A growable array of nanosecond samples; synchronized, since handlers run on many threads. */
  private static final class Samples {
    private long[] nanos = new long[1024];
    private int size;

    synchronized void add(long value) {
      if (size == nanos.length) {
        nanos = Arrays.copyOf(nanos, size * 2);
      }
      nanos[size++] = value;
    }

    void addAll(Samples other) {
      long[] copy;
      synchronized (other) {
        copy = Arrays.copyOf(other.nanos, other.size);
      }
      for (long value : copy) {
        add(value);
      }
    }

    synchronized Latency latency() {
      if (size == 0) {
        return new Latency(0, 0, 0);
      }
      long[] sorted = Arrays.copyOf(nanos, size);
      Arrays.sort(sorted);
      return new Latency(size, percentile(sorted, 0.50) / 1000.0, percentile(sorted, 0.99) / 1000.0);
    }

    private static long percentile(long[] sorted, double p) {
      int index = (int) Math.ceil(p * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
  }
}
