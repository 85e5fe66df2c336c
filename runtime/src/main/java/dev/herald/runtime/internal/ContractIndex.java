package dev.herald.runtime.internal;

import dev.herald.runtime.EventDescriptor;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.generated.Catalog;
import dev.herald.runtime.generated.ListenerDispatcher;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every event and listener dispatcher the bus knows, from its catalogs: keys by payload class and by
 * name and version, dispatchers by listener class. Built once, read-only afterwards.
 */
final class ContractIndex {

  private final Map<Class<?>, EventKey<?>> keysByClass = new HashMap<>();
  private final Map<String, EventKey<?>> keysByNameAndVersion = new HashMap<>();
  private final Map<Class<?>, ListenerDispatcher<?>> dispatchers = new HashMap<>();
  private final List<EventKey<?>> keys = new ArrayList<>();

  ContractIndex(Collection<Catalog> catalogs) {
    for (Catalog catalog : catalogs) {
      for (EventDescriptor descriptor : catalog.events()) {
        add(descriptor.key(), catalog);
      }
      for (ListenerDispatcher<?> dispatcher : catalog.dispatchers()) {
        ListenerDispatcher<?> twin = dispatchers.putIfAbsent(dispatcher.listenerType(), dispatcher);
        if (twin != null && twin.getClass() != dispatcher.getClass()) {
          throw new IllegalStateException("Two catalogs bring a dispatcher for "
              + dispatcher.listenerType().getName() + ": " + twin.getClass().getName() + " and "
              + dispatcher.getClass().getName() + "; a listener class is compiled in one module only");
        }
      }
    }
  }

  private void add(EventKey<?> key, Catalog catalog) {
    String id = key.name() + "#" + key.version();
    EventKey<?> twin = keysByNameAndVersion.putIfAbsent(id, key);
    if (twin == null) {
      keysByClass.put(key.payloadType(), key);
      keys.add(key);
    } else if (twin != key) {
      throw new IllegalStateException("Event \"" + key.name() + "\" version " + key.version()
          + " is declared twice on the class path: by " + twin.payloadType().getName() + " and by "
          + key.payloadType().getName() + " (catalog " + catalog.getClass().getName() + "); rename"
          + " one or give it a higher version");
    }
  }

  /** The key of a payload class, or {@code null}. */
  EventKey<?> keyOf(Class<?> payloadType) {
    return keysByClass.get(payloadType);
  }

  /** The newest version of the event with this name, or {@code null}. */
  EventKey<?> keyNamed(String name) {
    EventKey<?> newest = null;
    for (EventKey<?> key : keys) {
      if (key.name().equals(name) && (newest == null || key.version() > newest.version())) {
        newest = key;
      }
    }
    return newest;
  }

  List<EventKey<?>> keys() {
    return keys;
  }

  /**
   * The dispatchers for a listener object's class and its superclasses, most specific first; empty
   * if the processor generated none.
   */
  List<ListenerDispatcher<?>> dispatchersFor(Class<?> listenerType) {
    if (listenerType.getSuperclass() == Object.class) { // the usual listener, in one call
      ListenerDispatcher<?> dispatcher = dispatchers.get(listenerType);
      return dispatcher == null ? List.of() : List.of(dispatcher);
    }
    Map<Class<?>, ListenerDispatcher<?>> found = new LinkedHashMap<>();
    for (Class<?> type = listenerType; type != null && type != Object.class;
        type = type.getSuperclass()) {
      ListenerDispatcher<?> dispatcher = dispatchers.get(type);
      if (dispatcher != null) {
        found.put(type, dispatcher);
      }
    }
    return List.copyOf(found.values());
  }
}
