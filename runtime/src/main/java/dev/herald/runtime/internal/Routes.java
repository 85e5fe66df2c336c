package dev.herald.runtime.internal;

import dev.herald.annotations.Delivery;
import dev.herald.runtime.EventKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

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
    final EventKey<?> key;
    MetricsRecorder.TypeSeries series;
    EventLog.Target log;

    KeySlot(EventKey<?> key) {
      this.key = key;
    }
  }

  /** The subscribers of one event key. */
  static final class Route {
    final Subscriber[] sync;
    final Subscriber[] async;
    final KeySlot slot;
    /** Whether an asynchronous subscriber has a filter, to run before admission. */
    final boolean asyncFilters;

    Route(Subscriber[] sync, Subscriber[] async, KeySlot slot) {
      this.sync = sync;
      this.async = async;
      this.slot = slot;
      boolean filters = false;
      for (Subscriber subscriber : async) {
        filters |= subscriber.filter != null;
      }
      this.asyncFilters = filters;
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

  private final Map<EventKey<?>, Route> byKey;
  /** The catalogs' key of each payload class (a key from elsewhere may share its class). */
  private final Map<Class<?>, EventKey<?>> catalogKeys;
  /**
   * The routes of {@link #catalogKeys} by payload class, so that a publish looks up once. Identity
   * maps (classes and keys compare by identity): open addressing keeps a key beside its value, where
   * a {@code HashMap} of hundreds of events walks a node, often a chain, per lookup.
   */
  private final Map<Class<?>, Route> byPayloadType;
  /**
   * Every routed key by payload class, so that a subscriber of payload types changes only the
   * routes it is on: registering n listeners over n events is then not n times n route checks.
   */
  private final Map<Class<?>, List<EventKey<?>>> keysByPayloadType;
  private final List<Subscriber> subscribers;

  private Routes(Map<EventKey<?>, Route> byKey, Map<Class<?>, EventKey<?>> catalogKeys,
      Map<Class<?>, Route> byPayloadType, Map<Class<?>, List<EventKey<?>>> keysByPayloadType,
      List<Subscriber> subscribers) {
    this.byKey = byKey;
    this.catalogKeys = catalogKeys;
    this.byPayloadType = byPayloadType;
    this.keysByPayloadType = keysByPayloadType;
    this.subscribers = subscribers;
  }

  /** Routes with no subscriber yet for the catalogs' keys. */
  static Routes of(Collection<? extends EventKey<?>> catalogKeys) {
    Map<Class<?>, EventKey<?>> byType = new HashMap<>();
    catalogKeys.forEach(key -> byType.put(key.payloadType(), key));
    return new Routes(Map.of(), Map.copyOf(byType), Map.of(), Map.of(), List.of())
        .withKeys(catalogKeys);
  }

  /** The route of a known key, or {@code null} when the key was never routed. */
  Route get(EventKey<?> key) {
    return byKey.get(key);
  }

  /** The route of the key whose payload is of this class, or {@code null}. */
  Route ofPayload(Class<?> payloadType) {
    return byPayloadType.get(payloadType);
  }

  List<Subscriber> subscribers() {
    return subscribers;
  }

  /** These routes with {@code keys} routed too (from the current subscribers). */
  Routes withKeys(Iterable<? extends EventKey<?>> keys) {
    Map<EventKey<?>, Route> copy = new IdentityHashMap<>(byKey);
    Map<Class<?>, Route> byType = new IdentityHashMap<>(byPayloadType);
    Map<Class<?>, List<EventKey<?>>> keysByType = new IdentityHashMap<>(keysByPayloadType);
    for (EventKey<?> key : keys) {
      if (!copy.containsKey(key)) {
        Route route = Route.of(subscribers.stream().filter(s -> s.hears(key)).toList(),
            new KeySlot(key));
        copy.put(key, route);
        if (catalogKeys.get(key.payloadType()) == key) {
          byType.put(key.payloadType(), route);
        }
        List<EventKey<?>> sameType = new ArrayList<>(
            keysByType.getOrDefault(key.payloadType(), List.of()));
        sameType.add(key);
        keysByType.put(key.payloadType(), List.copyOf(sameType));
      }
    }
    return new Routes(copy, catalogKeys, byType, keysByType, subscribers);
  }

  Routes with(Subscriber subscriber) {
    List<Subscriber> all = new ArrayList<>(subscribers.size() + 1);
    all.addAll(subscribers);
    all.add(subscriber);
    return changed(subscriber, route -> route.with(subscriber), all);
  }

  Routes without(Subscriber subscriber) {
    List<Subscriber> all = new ArrayList<>(subscribers);
    all.remove(subscriber);
    return changed(subscriber, route -> route.without(subscriber), all);
  }

  /** These routes with {@code change} applied to the route of every key {@code subscriber} hears. */
  private Routes changed(Subscriber subscriber, UnaryOperator<Route> change,
      List<Subscriber> all) {
    Map<EventKey<?>, Route> copy = new IdentityHashMap<>(byKey);
    Map<Class<?>, Route> byType = new IdentityHashMap<>(byPayloadType);
    for (EventKey<?> key : keysHeardBy(subscriber)) {
      Route route = change.apply(copy.get(key));
      copy.put(key, route);
      if (catalogKeys.get(key.payloadType()) == key) {
        byType.put(key.payloadType(), route);
      }
    }
    return new Routes(copy, catalogKeys, byType, keysByPayloadType,
        Collections.unmodifiableList(all));
  }

  /** How many subscribers each key routed to {@code subscriber} would have with it added. */
  Map<EventKey<?>, Integer> countsWith(Subscriber subscriber) {
    Map<EventKey<?>, Integer> counts = new HashMap<>();
    if (!subscriber.observer) {
      for (EventKey<?> key : keysHeardBy(subscriber)) {
        counts.put(key, byKey.get(key).size() + 1);
      }
    }
    return counts;
  }

  /**
   * The routed keys {@code subscriber} hears: those of its payload types, looked up; a subscriber
   * of name patterns is checked against every key.
   */
  private List<EventKey<?>> keysHeardBy(Subscriber subscriber) {
    List<EventKey<?>> heard = new ArrayList<>();
    if (subscriber.hasPatterns()) {
      for (EventKey<?> key : byKey.keySet()) {
        if (subscriber.hears(key)) {
          heard.add(key);
        }
      }
    } else {
      for (Class<?> type : subscriber.payloadTypes()) {
        heard.addAll(keysByPayloadType.getOrDefault(type, List.of()));
      }
    }
    return heard;
  }
}
