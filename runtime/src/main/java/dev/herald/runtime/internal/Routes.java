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
import java.util.function.ObjIntConsumer;
import java.util.function.UnaryOperator;

/**
 * An immutable snapshot of who hears what: per event key, its subscribers sorted by priority then
 * registration order and split by delivery mode. Rebuilt on every subscribe and cancel (copy on
 * write), read without locks on every publish.
 *
 * <p>A snapshot copies only its array of routes: each routed key has a {@link KeySlot} with a fixed
 * place in that array, and the maps that find a key's slot are shared by every snapshot until a key
 * is added. Registering n listeners over n events then copies n arrays, where copying maps of n
 * entries per registration made start-up quadratic in hashing.
 */
final class Routes {

  static final Comparator<Subscriber> ORDER =
      Comparator.comparingInt((Subscriber s) -> -s.priority).thenComparingLong(s -> s.sequence);

  /**
   * One routed event key: its place in the array of routes, and what the bus looked up for it, kept
   * so that a publish need not look it up again: a cache (the recorders' maps stay the truth), shared
   * by every snapshot. Plain fields: the objects cached are immutable or thread-safe and reached
   * through final fields, so a thread that sees a stale null merely looks up again.
   */
  static final class KeySlot {
    final EventKey<?> key;
    /** The index of this key's route in every snapshot's array. */
    final int index;
    MetricsRecorder.TypeSeries series;
    EventLog.Target log;

    KeySlot(EventKey<?> key, int index) {
      this.key = key;
      this.index = index;
    }
  }

  /** The subscribers of one event key. */
  static final class Route {
    private static final Subscriber[] NONE = {};

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

    /**
     * A route of {@code subscribers}, in any order. Plain loops: it runs for every key when a bus
     * is built, and for each key a registration changes, mostly in code not yet compiled.
     */
    static Route of(List<Subscriber> subscribers, KeySlot slot) {
      if (subscribers.isEmpty()) {
        return new Route(NONE, NONE, slot);
      }
      List<Subscriber> sorted = new ArrayList<>(subscribers);
      sorted.sort(ORDER);
      List<Subscriber> sync = new ArrayList<>(sorted.size());
      List<Subscriber> async = new ArrayList<>(sorted.size());
      for (Subscriber subscriber : sorted) {
        (subscriber.delivery == Delivery.SYNC ? sync : async).add(subscriber);
      }
      return new Route(sync.toArray(NONE), async.toArray(NONE), slot);
    }
  }

  /** The slot of every routed key; a slot's index is the order in which its key was routed. */
  private final Map<EventKey<?>, KeySlot> slots;
  /** The catalogs' key of each payload class (a key from elsewhere may share its class). */
  private final Map<Class<?>, EventKey<?>> catalogKeys;
  /**
   * The slots of {@link #catalogKeys} by payload class, so that a publish looks up once. Identity
   * maps (classes and keys compare by identity): open addressing keeps a key beside its value, where
   * a {@code HashMap} of hundreds of events walks a node, often a chain, per lookup.
   */
  private final Map<Class<?>, KeySlot> catalogSlots;
  /**
   * Every routed key by payload class, so that a subscriber of payload types changes only the
   * routes it is on: registering n listeners over n events is then not n times n route checks.
   */
  private final Map<Class<?>, List<EventKey<?>>> keysByPayloadType;
  /** The route of each slot, by {@link KeySlot#index}: the one part a snapshot owns. */
  private final Route[] routes;
  private final List<Subscriber> subscribers;

  private Routes(Map<EventKey<?>, KeySlot> slots, Map<Class<?>, EventKey<?>> catalogKeys,
      Map<Class<?>, KeySlot> catalogSlots, Map<Class<?>, List<EventKey<?>>> keysByPayloadType,
      Route[] routes, List<Subscriber> subscribers) {
    this.slots = slots;
    this.catalogKeys = catalogKeys;
    this.catalogSlots = catalogSlots;
    this.keysByPayloadType = keysByPayloadType;
    this.routes = routes;
    this.subscribers = subscribers;
  }

  /** Routes with no subscriber yet for the catalogs' keys. */
  static Routes of(Collection<? extends EventKey<?>> catalogKeys) {
    Map<Class<?>, EventKey<?>> byType = new HashMap<>();
    catalogKeys.forEach(key -> byType.put(key.payloadType(), key));
    return new Routes(Map.of(), Map.copyOf(byType), Map.of(), Map.of(), new Route[0], List.of())
        .withKeys(catalogKeys);
  }

  /** The route of a known key, or {@code null} when the key was never routed. */
  Route get(EventKey<?> key) {
    KeySlot slot = slots.get(key);
    return slot == null ? null : routes[slot.index];
  }

  /** The route of the key whose payload is of this class, or {@code null}. */
  Route ofPayload(Class<?> payloadType) {
    KeySlot slot = catalogSlots.get(payloadType);
    return slot == null ? null : routes[slot.index];
  }

  List<Subscriber> subscribers() {
    return subscribers;
  }

  /** These routes with {@code keys} routed too (from the current subscribers). */
  Routes withKeys(Iterable<? extends EventKey<?>> keys) {
    Map<EventKey<?>, KeySlot> allSlots = new IdentityHashMap<>(slots);
    Map<Class<?>, KeySlot> byType = new IdentityHashMap<>(catalogSlots);
    Map<Class<?>, List<EventKey<?>>> keysByType = new IdentityHashMap<>(keysByPayloadType);
    List<Route> all = new ArrayList<>(List.of(routes));
    for (EventKey<?> key : keys) {
      if (!allSlots.containsKey(key)) {
        KeySlot slot = new KeySlot(key, all.size());
        all.add(Route.of(subscribersOf(key), slot));
        allSlots.put(key, slot);
        if (catalogKeys.get(key.payloadType()) == key) {
          byType.put(key.payloadType(), slot);
        }
        List<EventKey<?>> sameType = new ArrayList<>(
            keysByType.getOrDefault(key.payloadType(), List.of()));
        sameType.add(key);
        keysByType.put(key.payloadType(), List.copyOf(sameType));
      }
    }
    return new Routes(allSlots, catalogKeys, byType, keysByType, all.toArray(Route[]::new),
        subscribers);
  }

  private List<Subscriber> subscribersOf(EventKey<?> key) {
    List<Subscriber> heard = new ArrayList<>();
    for (Subscriber subscriber : subscribers) {
      if (subscriber.hears(key)) {
        heard.add(subscriber);
      }
    }
    return heard;
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
    Route[] changed = routes.clone();
    for (EventKey<?> key : keysHeardBy(subscriber)) {
      int index = slots.get(key).index;
      changed[index] = change.apply(changed[index]);
    }
    return new Routes(slots, catalogKeys, catalogSlots, keysByPayloadType, changed,
        Collections.unmodifiableList(all));
  }

  /** Calls {@code check} with each key {@code subscriber} would be routed to and its count then. */
  void countsWith(Subscriber subscriber, ObjIntConsumer<EventKey<?>> check) {
    if (!subscriber.observer) {
      for (EventKey<?> key : keysHeardBy(subscriber)) {
        check.accept(key, get(key).size() + 1);
      }
    }
  }

  /**
   * The routed keys {@code subscriber} hears: those of its payload types, looked up; a subscriber
   * of name patterns is checked against every key.
   */
  private List<EventKey<?>> keysHeardBy(Subscriber subscriber) {
    List<EventKey<?>> heard = new ArrayList<>();
    if (subscriber.hasPatterns()) {
      for (EventKey<?> key : slots.keySet()) {
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
