package dev.herald.processor.schema;

import com.palantir.javapoet.ClassName;
import dev.herald.processor.codegen.json.JsonType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The schema of one value as the generated codec writes it ({@code JsonSupport}'s wire format):
 *
 * <ul>
 *   <li>{@code String}: {@code string}; {@code char}: a string of one character; {@code boolean}:
 *       {@code boolean};
 *   <li>{@code byte}, {@code short}, {@code int}, {@code long}: {@code integer} with the type's
 *       range; {@code BigInteger}: {@code integer}; {@code BigDecimal}: {@code number};
 *   <li>{@code float}, {@code double}: a {@code number}, or one of the strings {@code "NaN"},
 *       {@code "Infinity"}, {@code "-Infinity"} that Jackson writes for values JSON cannot hold;
 *   <li>{@code byte[]}: a base64 string ({@code contentEncoding});
 *   <li>{@code UUID}: {@code format: uuid}; {@code Instant}: {@code format: date-time};
 *       {@code LocalDate}: {@code format: date};
 *   <li>{@code OffsetDateTime}, {@code LocalDateTime}, {@code Duration}: a {@code pattern} of what
 *       their {@code toString()} writes, not a {@code format}: {@code OffsetDateTime} and
 *       {@code LocalDateTime} leave out zero seconds ({@code 2024-05-01T12:30+02:00}), which
 *       RFC 3339 {@code date-time} refuses, and {@code Duration} writes fractions and negative parts
 *       ({@code PT-1.5S}), which the {@code duration} format refuses;
 *   <li>an enum: {@code enum} of its constant names;
 *   <li>a record: a {@code $ref} to its object schema;
 *   <li>{@code @Nullable} and {@code Optional}: the value or {@code null};
 *   <li>{@code List}, {@code Set}, {@code Collection}: {@code array} of {@code items} (no
 *       {@code uniqueItems}: JSON equality is not Java's, {@code 1.0} and {@code 1.00} are two
 *       elements of a {@code Set<BigDecimal>});
 *   <li>a map: an {@code object} whose {@code additionalProperties} are the values; with enum keys,
 *       {@code propertyNames} lists the constants;
 *   <li>a type left to Jackson databind, or any shape this class does not know: any value
 *       ({@code {}}), with a {@code $comment} saying so.
 * </ul>
 */
final class ValueSchemas {

  static final List<String> NON_FINITE = List.of("NaN", "Infinity", "-Infinity");

  private static final String LOCAL_DATE_TIME =
      "[+-]?\\d{4,}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?";

  private final Function<ClassName, List<String>> enumConstants;
  private final Function<ClassName, String> refs;

  ValueSchemas(Function<ClassName, List<String>> enumConstants, Function<ClassName, String> refs) {
    this.enumConstants = enumConstants;
    this.refs = refs;
  }

  Map<String, Object> of(JsonType json) {
    if (json instanceof JsonType.Primitive primitive) {
      return scalar(primitive.kind().name());
    }
    if (json instanceof JsonType.Builtin builtin) {
      return scalar(builtin.constant());
    }
    if (json instanceof JsonType.EnumValue value) {
      return object("type", "string", "enum", enumConstants.apply(value.type()));
    }
    if (json instanceof JsonType.RecordValue value) {
      return object("$ref", refs.apply(value.type()));
    }
    if (json instanceof JsonType.Nullable nullable) {
      return orNull(of(nullable.value()));
    }
    if (json instanceof JsonType.OptionalOf optional) {
      return orNull(of(optional.value()));
    }
    if (json instanceof JsonType.CollectionOf collection) {
      return object("type", "array", "items", of(collection.element()));
    }
    if (json instanceof JsonType.MapOf map) {
      Map<String, Object> schema = object("type", "object");
      if (map.enumKey() != null) {
        schema.put("propertyNames", object("enum", enumConstants.apply(map.enumKey())));
      }
      schema.put("additionalProperties", of(map.value()));
      return schema;
    }
    if (json instanceof JsonType.Databind databind) {
      return object("$comment", "Any JSON value: " + databind.type()
          + " is written by Jackson databind, which Herald does not describe.");
    }
    return object("$comment", "Any JSON value.");
  }

  /** A boxed or primitive scalar, by {@code JsonSupport} constant or {@code TypeKind} name. */
  private static Map<String, Object> scalar(String kind) {
    switch (kind) {
      case "STRING":
        return object("type", "string");
      case "BOOLEAN":
        return object("type", "boolean");
      case "CHAR":
      case "CHARACTER":
        return object("type", "string", "minLength", 1, "maxLength", 1);
      case "BYTE":
        return integer(Byte.MIN_VALUE, Byte.MAX_VALUE);
      case "SHORT":
        return integer(Short.MIN_VALUE, Short.MAX_VALUE);
      case "INT":
      case "INTEGER":
        return integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
      case "LONG":
        return integer(Long.MIN_VALUE, Long.MAX_VALUE);
      case "FLOAT":
      case "DOUBLE":
        return object("anyOf", List.of(object("type", "number"),
            object("type", "string", "enum", NON_FINITE)));
      case "BIG_DECIMAL":
        return object("type", "number");
      case "BIG_INTEGER":
        return object("type", "integer");
      case "BYTES":
        return object("type", "string", "contentEncoding", "base64");
      case "UUID_CODEC":
        return object("type", "string", "format", "uuid");
      case "INSTANT":
        return object("type", "string", "format", "date-time");
      case "LOCAL_DATE":
        return object("type", "string", "format", "date");
      case "LOCAL_DATE_TIME":
        return object("type", "string", "pattern", "^" + LOCAL_DATE_TIME + "$",
            "description", "ISO-8601 local date-time, as LocalDateTime.toString() writes it.");
      case "OFFSET_DATE_TIME":
        return object("type", "string",
            "pattern", "^" + LOCAL_DATE_TIME + "(Z|[+-]\\d{2}:\\d{2}(:\\d{2})?)$",
            "description", "ISO-8601 date-time with offset, as OffsetDateTime.toString() writes"
                + " it (seconds left out when zero).");
      case "DURATION":
        return object("type", "string",
            "pattern", "^PT(-?\\d+H)?(-?\\d+M)?(-?\\d+(\\.\\d{1,9})?S)?$",
            "description", "ISO-8601 duration, as Duration.toString() writes it.");
      default:
        return object("$comment", "Any JSON value: Herald does not describe " + kind + ".");
    }
  }

  private static Map<String, Object> integer(long minimum, long maximum) {
    return object("type", "integer", "minimum", minimum, "maximum", maximum);
  }

  /**
   * {@code schema} or {@code null}: {@code "null"} joins a single {@code type} (and an
   * {@code enum}); any other schema becomes one of two {@code anyOf} choices, since a sibling of
   * {@code $ref} is ignored by draft-07 readers such as AsyncAPI tools.
   */
  private static Map<String, Object> orNull(Map<String, Object> schema) {
    Object type = schema.get("type");
    if (type instanceof String single && !schema.containsKey("anyOf")) {
      Map<String, Object> nullable = new LinkedHashMap<>(schema);
      nullable.put("type", List.of(single, "null"));
      if (schema.get("enum") instanceof List<?> constants) {
        List<Object> withNull = new ArrayList<>(constants);
        withNull.add(null);
        nullable.put("enum", withNull);
      }
      return nullable;
    }
    if (!schema.containsKey("$ref") && !schema.containsKey("anyOf") && type == null) {
      return schema; // any value already: null included
    }
    return object("anyOf", List.of(schema, object("type", "null")));
  }

  /** A schema object from key, value pairs, in that order. */
  static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> object = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      object.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return object;
  }
}
