package dev.herald.processor.schema;

import dev.herald.processor.codegen.SourceFiles;
import dev.herald.processor.model.EventModel;
import dev.herald.processor.model.ListenerModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Writes a compilation's contract documents as class-path resources, next to its aggregates: the
 * JSON Schema of every event version ({@code META-INF/herald/schemas/<name>/v<N>.json}, see
 * {@link EventSchemas}) and one AsyncAPI 3.0 document ({@code META-INF/herald/asyncapi.json}, see
 * {@link AsyncApiDocument}). A compilation without events writes neither.
 *
 * <p>Processor options:
 *
 * <ul>
 *   <li>{@code -Aherald.schemas=false} writes neither;
 *   <li>{@code -Aherald.schemas.baseUri=https://schemas.acme.com/herald/} starts every schema's
 *       {@code $id} (default {@code classpath:/META-INF/herald/}, where the files are);
 *   <li>{@code -Aherald.asyncapi.title=...} and {@code -Aherald.asyncapi.version=...} fill the
 *       AsyncAPI {@code info} (default: the contracts package followed by {@code " events"}, and
 *       {@code 0.0.0}).
 * </ul>
 */
public final class ContractDocuments {

  /** {@code false} writes neither schemas nor the AsyncAPI document. */
  public static final String SCHEMAS_OPTION = "herald.schemas";
  /** What every schema's {@code $id} starts with. */
  public static final String BASE_URI_OPTION = "herald.schemas.baseUri";
  /** The AsyncAPI document's {@code info.title}. */
  public static final String TITLE_OPTION = "herald.asyncapi.title";
  /** The AsyncAPI document's {@code info.version}. */
  public static final String VERSION_OPTION = "herald.asyncapi.version";

  static final String DEFAULT_BASE_URI = "classpath:/META-INF/herald/";
  static final String DEFAULT_VERSION = "0.0.0";

  private final Elements elements;
  private final SourceFiles files;
  private final Map<String, String> options;
  private final RecordSchemas records;

  /** @param options the processor options, of which it reads those named above */
  public ContractDocuments(
      Elements elements, Types types, SourceFiles files, Map<String, String> options) {
    this.elements = elements;
    this.files = files;
    this.options = Map.copyOf(options);
    this.records = new RecordSchemas(elements, types);
  }

  /** The options this class reads, for {@code getSupportedOptions}. */
  public static Set<String> supportedOptions() {
    return Set.of(SCHEMAS_OPTION, BASE_URI_OPTION, TITLE_OPTION, VERSION_OPTION);
  }

  /**
   * Writes the documents of a validated contract set.
   *
   * @param events ordered by name then version
   * @param listeners ordered by class name
   */
  public void write(
      String contractsPackage, List<EventModel> events, List<ListenerModel> listeners) {
    if (events.isEmpty() || "false".equalsIgnoreCase(options.get(SCHEMAS_OPTION))) {
      return;
    }
    String baseUri = options.getOrDefault(BASE_URI_OPTION, DEFAULT_BASE_URI);
    EventSchemas schemas =
        new EventSchemas(records, baseUri.endsWith("/") ? baseUri : baseUri + "/");
    List<Element> origins = new ArrayList<>();
    for (EventModel event : events) {
      TypeElement record = recordOf(event);
      origins.add(record);
      files.writeResource(EventSchemas.resourcePath(event),
          JsonText.render(schemas.of(event, record)), List.of(record));
    }
    listeners.stream()
        .map(listener -> elements.getTypeElement(listener.type().canonicalName()))
        .filter(Objects::nonNull)
        .forEach(origins::add);
    Map<String, Object> asyncApi = new AsyncApiDocument(records, this::recordOf).of(
        options.getOrDefault(TITLE_OPTION, contractsPackage + " events"),
        options.getOrDefault(VERSION_OPTION, DEFAULT_VERSION),
        contractsPackage, events, listeners);
    files.writeResource(AsyncApiDocument.RESOURCE_PATH, JsonText.render(asyncApi), origins);
  }

  /**
   * The event's record as this round knows it: javac re-enters sources each round, and an element
   * kept from an earlier one may have lost its doc comment.
   */
  private TypeElement recordOf(EventModel event) {
    TypeElement record = elements.getTypeElement(event.type().canonicalName());
    return record != null ? record : event.element();
  }
}
