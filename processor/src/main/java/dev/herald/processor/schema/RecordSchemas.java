package dev.herald.processor.schema;

import com.palantir.javapoet.ClassName;
import dev.herald.processor.codegen.json.CodecPlanner;
import dev.herald.processor.codegen.json.CodecPlanner.Component;
import dev.herald.processor.codegen.json.CodecPlanner.Plan;
import dev.herald.processor.codegen.json.JsonType;
import dev.herald.processor.diagnostics.Report;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The JSON Schema of records as their generated codecs write them. It reads the codec's own plan
 * ({@link CodecPlanner}), so that the schema and the codec cannot disagree on a component's
 * shape or on whether it may be {@code null}: see {@link ValueSchemas} for each shape.
 *
 * <p>An object lists its components in declaration order, the order the codec writes them;
 * {@code required} names those that are neither {@code @Nullable} nor {@code Optional}, as the
 * decoder refuses a document without them (the encoder always writes every component, {@code null}
 * included). {@code additionalProperties} is {@code true}: the decoder skips fields it does not
 * know, so a document from a newer writer with an extra field still decodes.
 */
final class RecordSchemas {

  /** Marks a {@code @Sensitive} component; the value travels in clear on the wire. */
  static final String SENSITIVE = "x-herald-sensitive";

  private final Elements elements;
  private final CodecPlanner planner;
  private final Map<String, Plan> plans = new HashMap<>();

  RecordSchemas(Elements elements, Types types) {
    this.elements = elements;
    this.planner = new CodecPlanner(elements, types);
  }

  /** The roots and every record their codecs reach, roots first, then in the order reached. */
  List<TypeElement> reachable(Collection<TypeElement> roots) {
    Set<String> seen = new LinkedHashSet<>();
    List<TypeElement> records = new ArrayList<>();
    Deque<TypeElement> work = new ArrayDeque<>(roots);
    while (!work.isEmpty()) {
      TypeElement record = work.removeFirst();
      if (seen.add(record.getQualifiedName().toString())) {
        records.add(record);
        work.addAll(plan(record).reached());
      }
    }
    return records;
  }

  /**
   * The schema of {@code record}'s JSON object. {@code refs} gives the {@code $ref} of a record
   * the object refers to (itself included).
   */
  Map<String, Object> objectSchema(TypeElement record, Function<ClassName, String> refs) {
    String doc = elements.getDocComment(record);
    Map<String, String> params = DocComments.params(doc);
    ValueSchemas values = new ValueSchemas(this::enumConstants, refs);

    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Component component : plan(record).components()) {
      Map<String, Object> property = new LinkedHashMap<>(values.of(component.json()));
      String description = params.getOrDefault(component.name(), "");
      if (component.sensitive()) {
        description = sentence(description)
            + "Sensitive: shown as \"***\" in Herald's logs, history and dead-letter renderings;"
            + " it travels in clear in the payload.";
      }
      if (!description.isEmpty()) {
        property.put("description", description);
      }
      if (component.sensitive()) {
        property.put(SENSITIVE, true);
      }
      properties.put(component.name(), property);
      if (!(component.json() instanceof JsonType.Nullable)
          && !(component.json() instanceof JsonType.OptionalOf)) {
        required.add(component.name());
      }
    }

    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("title", String.join(".", ClassName.get(record).simpleNames()));
    String description = DocComments.description(doc);
    if (!description.isEmpty()) {
      schema.put("description", description);
    }
    schema.put("type", "object");
    schema.put("properties", properties);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    schema.put("additionalProperties", true);
    return schema;
  }

  /** The main description of the record's Javadoc; the empty string without one. */
  String description(TypeElement record) {
    return DocComments.description(elements.getDocComment(record));
  }

  /** {@code text} as a sentence followed by a space, or the empty string. */
  private static String sentence(String text) {
    return text.isEmpty() ? "" : text.endsWith(".") ? text + " " : text + ". ";
  }

  private Plan plan(TypeElement record) {
    // The problems were reported when the codec was planned; a record reached here has a codec.
    return plans.computeIfAbsent(record.getQualifiedName().toString(),
        name -> planner.plan(record, new Report()));
  }

  private List<String> enumConstants(ClassName type) {
    TypeElement element = elements.getTypeElement(type.canonicalName());
    if (element == null) {
      throw new IllegalStateException("enum " + type + " is not on the class path");
    }
    List<String> constants = new ArrayList<>();
    for (Element member : element.getEnclosedElements()) {
      if (member.getKind() == ElementKind.ENUM_CONSTANT) {
        constants.add(member.getSimpleName().toString());
      }
    }
    return constants;
  }
}
