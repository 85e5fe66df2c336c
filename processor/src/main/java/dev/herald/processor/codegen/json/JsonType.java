package dev.herald.processor.codegen.json;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.function.Predicate;
import javax.lang.model.type.TypeKind;

/**
 * How one Java type travels as JSON: what the processor decided for a record component or for a
 * type argument inside it. Each kind knows the {@code JsonSupport} expression of its value codec.
 * Public for the schema writers, which map each kind to a JSON Schema.
 */
public sealed interface JsonType {

  ClassName JSON_SUPPORT = ClassName.get("dev.herald.runtime.generated", "JsonSupport");
  ClassName TYPE_REFERENCE = ClassName.get("com.fasterxml.jackson.core.type", "TypeReference");

  /**
   * The {@code JsonSupport.ValueCodec} expression; primitives have none. {@code direct} tells, by
   * record class name, whether a record's codec may be referred to directly
   * ({@code JsonSupport.record(X.INSTANCE)}): only if it cannot reach back to the record being
   * written, else class initialisation would see a codec that is not there yet, and the reference
   * is a lookup on first use ({@code JsonSupport.record(() -> X.INSTANCE)}).
   */
  CodeBlock codec(Predicate<ClassName> direct);

  /** A primitive component, read and written without boxing. */
  record Primitive(TypeKind kind) implements JsonType {
    @Override
    public CodeBlock codec(Predicate<ClassName> direct) {
      throw new UnsupportedOperationException("primitive " + kind + " has no value codec");
    }
  }

  /** A type with a ready-made codec constant in {@code JsonSupport}, such as {@code STRING}. */
  record Builtin(String constant) implements JsonType {
    @Override
    public CodeBlock codec(Predicate<ClassName> direct) {
      return CodeBlock.of("$T.$N", JSON_SUPPORT, constant);
    }
  }

  /**
   * Free-form JSON, a component or type argument typed {@code Object}: any JSON value as maps,
   * lists, strings, numbers, booleans and null. {@code exactDecimals} reads decimals as
   * {@code BigDecimal} ({@code @ExactDecimals}) instead of {@code Double}.
   */
  record FreeForm(boolean exactDecimals) implements JsonType {
    @Override
    public CodeBlock codec(Predicate<ClassName> direct) {
      return CodeBlock.of("$T.$N", JSON_SUPPORT, exactDecimals ? "FREE_FORM_EXACT" : "FREE_FORM");
    }
  }

  record EnumValue(ClassName type) implements JsonType {
    @Override
    public CodeBlock codec(Predicate<ClassName> direct) {
      return CodeBlock.of("$T.enumCodec($T.class)", JSON_SUPPORT, type);
    }
  }

  /** A record with its own generated codec, looked up lazily (records may refer to each other). */
  record RecordValue(ClassName type, ClassName codecClass) implements JsonType {
    @Override
    public CodeBlock codec(Predicate<ClassName> direct) {
      return direct.test(type)
          ? CodeBlock.of("$T.record($Z$T.INSTANCE)", JSON_SUPPORT, codecClass)
          : CodeBlock.of("$T.record($Z() -> $T.INSTANCE)", JSON_SUPPORT, codecClass);
    }
  }

  record Nullable(JsonType value) implements JsonType {
    @Override
    public CodeBlock codec(Predicate<ClassName> direct) {
      return CodeBlock.of("$T.nullable($Z$L)", JSON_SUPPORT, value.codec(direct));
    }
  }

  record OptionalOf(JsonType value) implements JsonType {
    @Override
    public CodeBlock codec(Predicate<ClassName> direct) {
      return CodeBlock.of("$T.optional($Z$L)", JSON_SUPPORT, value.codec(direct));
    }
  }

  /** {@code List}, {@code Set} or {@code Collection}: {@code factory} is the JsonSupport method. */
  record CollectionOf(String factory, JsonType element) implements JsonType {
    @Override
    public CodeBlock codec(Predicate<ClassName> direct) {
      return CodeBlock.of("$T.$N($Z$L)", JSON_SUPPORT, factory, element.codec(direct));
    }
  }

  /** A map with {@code String} keys ({@code enumKey} null) or enum keys. */
  record MapOf(ClassName enumKey, JsonType value) implements JsonType {
    @Override
    public CodeBlock codec(Predicate<ClassName> direct) {
      return enumKey == null
          ? CodeBlock.of("$T.stringMap($Z$L)", JSON_SUPPORT, value.codec(direct))
          : CodeBlock.of("$T.enumMap($T.class,$W$L)", JSON_SUPPORT, enumKey, value.codec(direct));
    }
  }

  /** A type the generated codec does not cover: Jackson databind handles it. */
  record Databind(TypeName type) implements JsonType {
    @Override
    public CodeBlock codec(Predicate<ClassName> direct) {
      TypeSpec reference = TypeSpec.anonymousClassBuilder("")
          .superclass(ParameterizedTypeName.get(TYPE_REFERENCE, type))
          .build();
      return CodeBlock.of("$T.databind($L)", JSON_SUPPORT, reference);
    }
  }
}
