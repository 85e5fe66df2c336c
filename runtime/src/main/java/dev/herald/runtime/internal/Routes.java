package dev.herald.runtime.internal;

import dev.herald.annotations.Delivery;
import dev.herald.runtime.EventKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of who hears what: per event key, its subscribers sorted by priority then
 * registration order and split by delivery mode. Rebuilt on every subscribe and cancel (copy on
 * write), read without locks on every publish.
 */
final class Routes {

  static final Comparator<Subscriber> ORDER =
      Comparator.comparingInt((Subscriber s) -> -s.priority).thenComparingLong(s -> s.sequence);

  /**
   * What the bus looked up for one event key, kept with its route so that a publish need not look it
   * up again: a cache (the recorders' maps stay the truth), handed from each route to its successor.
   * Plain fields: the objects cached are immutable or thread-safe and reached through final fields,
   * so a thread that sees a stale null merely looks up again.
   */
  static final class KeySlot {
    MetricsRecorder.TypeSeries series;
    EventLog.Target log;
  }

  /** The subscribers of one event key. */
  static final class Route {
    final Subscriber[] sync;
    final Subscriber[] async;
    final KeySlot slot;

    Route(Subscriber[] sync, Subscriber[] async, KeySlot slot) {
      this.sync = sync;
      this.async = async;
      this.slot = slot;
    }

    /** Subscribers that count toward listener limits: all but observers. */
    int size() {
      int size = 0;
      for (Subscriber[] group : new Subscriber[][] {sync, async}) {
        for (Subscriber subscriber : group) {
          size += subscriber.observer ? 0 : 1;
        }
      }
      return size;
    }

    Route with(Subscriber subscriber) {
      List<Subscriber> all = new ArrayList<>(List.of(sync));
      all.addAll(List.of(async));
      all.add(subscriber);
      return of(all, slot);
    }

    Route without(Subscriber subscriber) {
      List<Subscriber> all = new ArrayList<>(List.of(sync));
      all.addAll(List.of(async));
      all.remove(subscriber);
      return of(all, slot);
    }

    static Route of(List<Subscriber> subscribers, KeySlot slot) {
      List<Subscriber> sorted = new ArrayList<>(subscribers);
      sorted.sort(ORDER);
      return new Route(
          sorted.stream().filter(s -> s.delivery == Delivery.SYNC).toArray(Subscriber[]::new),
          sorted.stream().filter(s -> s.delivery != Delivery.SYNC).toArray(Subscriber[]::new),
          slot);
    }
  }

  static final Routes EMPTY = new Routes(Map.of(), List.of());

  private final Map<EventKey<?>, Route> byKey;
  private final List<Subscriber> subscribers;

  private Routes(Map<EventKey<?>, Route> byKey, List<Subscriber> subscribers) {
    this.byKey = byKey;
    this.subscribers = subscribers;
  }

  /** The route of a known key, or {@code null} when the key was never routed. */
  Route get(EventKey<?> key) {
    return byKey.get(key);
  }

  List<Subscriber> subscribers() {
    return subscribers;
  }

  /** These routes with {@code keys} routed too (from the current subscribers). */
  Routes withKeys(Iterable<? extends EventKey<?>> keys) {
    Map<EventKey<?>, Route> copy = new HashMap<>(byKey);
    for (EventKey<?> key : keys) {
      copy.computeIfAbsent(key, k -> Route.of(subscribers.stream().filter(s -> s.hears(k)).toList(),
          new KeySlot()));
    }
    return new Routes(copy, subscribers);
  }

  Routes with(Subscriber subscriber) {
    Map<EventKey<?>, Route> copy = new HashMap<>(byKey);
    copy.replaceAll((key, route) -> subscriber.hears(key) ? route.with(subscriber) : route);
    List<Subscriber> all = new ArrayList<>(subscribers);
    all.add(subscriber);
    return new Routes(copy, List.copyOf(all));
  }

  Routes without(Subscriber subscriber) {
    Map<EventKey<?>, Route> copy = new HashMap<>(byKey);
    copy.replaceAll((key, route) -> subscriber.hears(key) ? route.without(subscriber) : route);
    List<Subscriber> all = new ArrayList<>(subscribers);
    all.remove(subscriber);
    return new Routes(copy, List.copyOf(all));
  }

  /** How many subscribers each key routed to {@code subscriber} would have with it added. */
  Map<EventKey<?>, Integer> countsWith(Subscriber subscriber) {
    Map<EventKey<?>, Integer> counts = new HashMap<>();
    if (subscriber.observer) {
      return counts;
    }
    byKey.forEach((key, route) -> {
      if (subscriber.hears(key)) {
        counts.put(key, route.size() + 1);
      }
    });
    return counts;
  }
}
