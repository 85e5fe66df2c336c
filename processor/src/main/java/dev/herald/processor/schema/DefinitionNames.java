package dev.herald.processor.schema;

import com.palantir.javapoet.ClassName;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of record schemas in one document ({@code $defs} of an event's schema,
 * {@code components.schemas} of the AsyncAPI document): the record's simple names joined by
 * {@code .} ({@code Guest.Address}), or its qualified name when two records of the document share
 * those simple names.
 */
final class DefinitionNames {

  private final Map<ClassName, String> names = new LinkedHashMap<>();

  DefinitionNames(List<ClassName> records) {
    Map<String, Integer> uses = new HashMap<>();
    records.forEach(record -> uses.merge(simple(record), 1, Integer::sum));
    for (ClassName record : records) {
      names.put(record, uses.get(simple(record)) > 1 ? record.canonicalName() : simple(record));
    }
  }

  /** The name of {@code record}, which must be one the document holds. */
  String of(ClassName record) {
    String name = names.get(record);
    if (name == null) {
      throw new IllegalArgumentException(record + " is not a record of this document");
    }
    return name;
  }

  private static String simple(ClassName record) {
    return String.join(".", record.simpleNames());
  }
}
