package dev.herald.spring.boot.context;

import dev.herald.runtime.generated.Catalog;
import dev.herald.runtime.generated.ListenerDispatcher;
import java.util.HashSet;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The classes the processor generated a listener dispatcher for, read from the generated catalogs
 * with {@link ServiceLoader}, as the bus itself finds them: no class path scanning, no reflection
 * on the beans. A bean is a listener if its class or a superclass is one of them, which is also how
 * {@link dev.herald.runtime.EventBus#register(Object)} finds the dispatchers.
 */
final class ListenerTypes {

  private final Set<Class<?>> types;

  private ListenerTypes(Set<Class<?>> types) {
    this.types = types;
  }

  /** The listener classes of every catalog that {@code loader} sees. */
  static ListenerTypes of(ClassLoader loader) {
    Set<Class<?>> types = new HashSet<>();
    for (Catalog catalog : ServiceLoader.load(Catalog.class, loader)) {
      for (ListenerDispatcher<?> dispatcher : catalog.dispatchers()) {
        types.add(dispatcher.listenerType());
      }
    }
    return new ListenerTypes(Set.copyOf(types));
  }

  /** Whether an object of {@code type} has a generated dispatcher for it or a superclass. */
  boolean isListener(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (types.contains(c)) {
        return true;
      }
    }
    return false;
  }

  boolean isEmpty() {
    return types.isEmpty();
  }
}
