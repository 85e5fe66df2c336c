package dev.herald.processor.codegen;

import com.palantir.javapoet.ClassName;
import dev.herald.processor.model.EventModel;
import dev.herald.processor.model.ListenerModel;
import dev.herald.processor.model.VersionChain;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;

/**
 * Writes a compilation's aggregate sources from its validated contract set: {@code EventType} and
 * {@code EventMap} when it has events, the catalog, and the catalog's
 * {@code META-INF/services} entry.
 */
public final class AggregatesWriter {

  private final SourceFiles files;
  private final String catalogOption;

  /**
   * @param catalogOption the {@code -Aherald.catalog} option: the catalog's qualified name, or
   *     {@code null} for the default
   */
  public AggregatesWriter(SourceFiles files, String catalogOption) {
    this.files = files;
    this.catalogOption = catalogOption;
  }

  /**
   * @param contractsPackage the package of {@code EventType} and {@code EventMap}
   * @param events ordered by name then version
   * @param listeners ordered by class name
   * @param chains the version chains of the event names with two versions or more
   */
  public void write(String contractsPackage, List<EventModel> events,
      List<ListenerModel> listeners, List<VersionChain> chains) {
    if (!events.isEmpty()) {
      files.write(EventTypeWriter.write(contractsPackage, events));
      files.write(EventMapWriter.write(contractsPackage, events, chains));
    }
    ClassName catalog = catalogName(contractsPackage, events.isEmpty());
    files.write(CatalogWriter.write(catalog, contractsPackage, events, listeners));

    List<Element> originating = new ArrayList<>();
    events.forEach(e -> originating.add(e.element()));
    listeners.forEach(l -> originating.add(l.element()));
    files.writeResource(CatalogWriter.SERVICE_FILE, catalog.reflectionName() + "\n", originating);
  }

  /**
   * The option's name if given; else {@code HeraldCatalog} in the contracts package, or
   * {@code HeraldListenerCatalog} for a compilation without events.
   */
  private ClassName catalogName(String contractsPackage, boolean listenersOnly) {
    if (catalogOption != null && !catalogOption.isBlank()) {
      return ClassName.bestGuess(catalogOption.trim());
    }
    return ClassName.get(contractsPackage,
        listenersOnly ? "HeraldListenerCatalog" : CatalogWriter.NAME);
  }
}
