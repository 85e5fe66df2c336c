package dev.herald.processor.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;

/**
 * What one compilation contributes, gathered over all rounds: its {@code @EventContracts} packages,
 * its valid events and its listeners whose dispatchers were written. The aggregate sources
 * ({@code EventType}, {@code EventMap}, the catalog) are generated from it once, at the end.
 */
public final class ContractSet {

  private final List<PackageElement> contractPackages = new ArrayList<>();
  private final List<EventModel> events = new ArrayList<>();
  private final List<ListenerModel> listeners = new ArrayList<>();
  private final List<ExecutableElement> upcasts = new ArrayList<>();
  private boolean codecMissing;

  public void addContractsPackage(PackageElement contractsPackage) {
    if (!contractPackages.contains(contractsPackage)) {
      contractPackages.add(contractsPackage);
    }
  }

  public void addEvent(EventModel event) {
    events.add(event);
  }

  public void addListener(ListenerModel listener) {
    listeners.add(listener);
  }

  /** An {@code @Upcast} method, checked with the whole set once every event is known. */
  public void addUpcast(ExecutableElement method) {
    if (!upcasts.contains(method)) {
      upcasts.add(method);
    }
  }

  /**
   * Notes that a codec of this compilation could not be generated: the aggregates would refer to
   * it, so they are not generated either, which keeps the real error from being buried under
   * follow-up ones.
   */
  public void codecMissing() {
    codecMissing = true;
  }

  /** Whether every event's codec was generated. */
  public boolean codecsComplete() {
    return !codecMissing;
  }

  public boolean isEmpty() {
    return events.isEmpty() && listeners.isEmpty();
  }

  /** The packages annotated {@code @EventContracts}, in the order they were found. */
  public List<PackageElement> contractPackages() {
    return List.copyOf(contractPackages);
  }

  /** The valid events, in the order they were found. */
  public List<EventModel> events() {
    return List.copyOf(events);
  }

  /** The {@code @Upcast} methods, in the order they were found. */
  public List<ExecutableElement> upcasts() {
    return List.copyOf(upcasts);
  }

  /** The listeners, ordered by class name. */
  public List<ListenerModel> listeners() {
    List<ListenerModel> sorted = new ArrayList<>(listeners);
    sorted.sort(Comparator.comparing(l -> l.type().canonicalName()));
    return List.copyOf(sorted);
  }

  /** The packages of the listeners, sorted. */
  public Set<String> listenerPackages() {
    Set<String> packages = new TreeSet<>();
    listeners.forEach(l -> packages.add(l.type().packageName()));
    return packages;
  }
}
