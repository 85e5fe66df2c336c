package dev.herald.runtime.generated;


import dev.herald.runtime.EventDescriptor;
import java.util.List;

/**
 * What one compilation contributed: its event contracts and its listener dispatchers. The processor
 * generates one implementation per compilation, named {@code HeraldCatalog} in the contracts package
 * (or, for a compilation without events, in the common package of its listeners), and registers it in
 * {@code META-INF/services/dev.herald.runtime.generated.Catalog} for {@link java.util.ServiceLoader}.
 */
public interface Catalog {

  /** The compilation's events, in the order of the generated {@code EventType} enum. */
  List<EventDescriptor> events();

  /** The compilation's listener dispatchers, ordered by listener class name. */
  List<ListenerDispatcher<?>> dispatchers();
}
