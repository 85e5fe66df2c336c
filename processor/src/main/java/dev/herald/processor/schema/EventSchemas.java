package dev.herald.processor.schema;

import com.palantir.javapoet.ClassName;
import dev.herald.processor.model.EventModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.lang.model.element.TypeElement;

/**
 * The JSON Schema (draft 2020-12) of one event version's payload, the {@code data} of its
 * CloudEvent: the record's object schema at the root, every record it reaches in {@code $defs}
 * (a reference back to the event's own record is {@code "#"}).
 */
final class EventSchemas {

  static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

  private final RecordSchemas records;
  private final String baseUri;

  /** @param baseUri what {@code $id}s start with, ending with {@code /} */
  EventSchemas(RecordSchemas records, String baseUri) {
    this.records = records;
    this.baseUri = baseUri;
  }

  /** Where the schema of {@code event} lands in the class output. */
  static String resourcePath(EventModel event) {
    return "META-INF/herald/" + relativePath(event);
  }

  /**
   * The schema's path under {@code META-INF/herald/}: {@code schemas/<name>/v<version>.json}, with
   * the name's {@code :} written as {@code .} since Windows allows no {@code :} in a file name
   * ({@code message:received} v2 is {@code schemas/message.received/v2.json}). Two names this
   * mapping makes equal are refused anyway: they make the same {@code EventType} constant.
   */
  static String relativePath(EventModel event) {
    return "schemas/" + event.name().replace(':', '.') + "/v" + event.version() + ".json";
  }

  /** The schema document of {@code event}, whose record is {@code record}. */
  Map<String, Object> of(EventModel event, TypeElement record) {
    List<TypeElement> reached = records.reachable(List.of(record));
    DefinitionNames names = new DefinitionNames(reached.stream().map(ClassName::get).toList());
    ClassName root = ClassName.get(record);
    Function<ClassName, String> refs =
        type -> type.equals(root) ? "#" : "#/$defs/" + names.of(type);

    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", DIALECT);
    schema.put("$id", baseUri + relativePath(event));
    schema.putAll(records.objectSchema(record, refs));
    schema.put("x-herald-event", ValueSchemas.object("name", event.name(),
        "version", event.version()));
    if (reached.size() > 1) {
      Map<String, Object> defs = new LinkedHashMap<>();
      for (TypeElement nested : reached.subList(1, reached.size())) {
        defs.put(names.of(ClassName.get(nested)), records.objectSchema(nested, refs));
      }
      schema.put("$defs", defs);
    }
    return schema;
  }
}
