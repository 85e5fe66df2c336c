package dev.herald.processor.codegen.json;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.herald.processor.codegen.GeneratedCode;
import dev.herald.processor.codegen.json.CodecPlanner.Component;
import dev.herald.processor.codegen.json.CodecPlanner.Plan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;

/**
 * Writes the codec of one record, from its {@link Plan}:
 *
 * <ul>
 *   <li>{@code FIELDS}, the component names in declaration order ({@code JsonSupport.Fields}:
 *       pre-encoded, and indexed by name);
 *   <li>a {@code JsonSupport.ValueCodec} constant per component whose type is not a primitive nor a
 *       ready-made {@code JsonSupport} constant ({@code TAGS_CODEC});
 *   <li>{@code write}: the fields in declaration order; a {@code @Sensitive} component is written
 *       as {@code "***"}, whatever its value ({@code null} included), when the generator is a
 *       redacting one ({@code JsonSupport.isRedacting}), a type check at that component only;
 *       records inside get the same generator and redact their own sensitive components;
 *   <li>{@code read}: fields in declaration order take the fast path ({@code nextFieldName}), any
 *       other order a lookup by name in {@code FIELDS}; unknown fields are skipped; the fields read
 *       are one bit each in {@code seen}, and one comparison with the required ones finds a missing
 *       field; then the canonical constructor, whose exception is reported with the parser's
 *       position when the record declares it (an implicit one cannot throw).
 * </ul>
 */
final class CodecWriter {

  private static final ClassName JSON_GENERATOR =
      ClassName.get("com.fasterxml.jackson.core", "JsonGenerator");
  private static final ClassName JSON_PARSER =
      ClassName.get("com.fasterxml.jackson.core", "JsonParser");
  private static final ClassName FIELDS = JsonType.JSON_SUPPORT.nestedClass("Fields");
  private static final ClassName VALUE_CODEC = JsonType.JSON_SUPPORT.nestedClass("ValueCodec");

  private CodecWriter() {}

  /** The codec's source. {@code directRecords}: see {@link JsonType#codec}. */
  static JavaFile write(Plan plan, Predicate<ClassName> directRecords) {
    ClassName record = ClassName.get(plan.record());
    ClassName codec = plan.codec();
    List<Component> components = plan.components();

    NameAllocator constants = new NameAllocator();
    allocate(constants, "INSTANCE");
    allocate(constants, "FIELDS");
    List<CodeBlock> valueCodecs = new ArrayList<>();

    TypeSpec.Builder type = TypeSpec.classBuilder(codec)
        .addJavadoc("Writes and reads {@link $T} as a JSON object, one field per component in\n"
            + "declaration order, on Jackson's streaming API. See {@link $T} for the wire format.\n",
            record, JsonType.JSON_SUPPORT)
        .addAnnotation(GeneratedCode.generatedAnnotation())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(ParameterizedTypeName.get(GeneratedCode.JSON_CODEC, record))
        .addOriginatingElement(plan.record())
        .addField(FieldSpec.builder(codec, "INSTANCE",
                Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .initializer("new $T()", codec)
            .build());

    if (!components.isEmpty()) {
      type.addField(FieldSpec.builder(FIELDS, "FIELDS",
              Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer("$T.fields($L)", JsonType.JSON_SUPPORT, CodeBlock.join(
              components.stream().map(c -> CodeBlock.of("$S", c.name())).toList(), ",$W"))
          .build());
    }
    for (Component component : components) {
      JsonType json = component.json();
      if (json instanceof JsonType.Primitive) {
        valueCodecs.add(null);
      } else if (json instanceof JsonType.Builtin) {
        valueCodecs.add(json.codec(directRecords));
      } else {
        String constant = allocate(constants, upperSnake(component.name()) + "_CODEC");
        type.addField(FieldSpec.builder(
                ParameterizedTypeName.get(VALUE_CODEC, component.type().box()), constant,
                Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer("$L", json.codec(directRecords))
            .build());
        valueCodecs.add(CodeBlock.of("$N", constant));
      }
    }

    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    type.addMethod(writeMethod(record, components, valueCodecs));
    type.addMethod(readMethod(record, components, valueCodecs, plan.constructorMayRefuse()));
    return GeneratedCode.file(codec.packageName(), type.build());
  }

  private static MethodSpec writeMethod(
      ClassName record, List<Component> components, List<CodeBlock> valueCodecs) {
    MethodSpec.Builder write = MethodSpec.methodBuilder("write")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(JSON_GENERATOR, "generator")
        .addParameter(record, "value")
        .addException(IOException.class)
        .addStatement("generator.writeStartObject()");
    for (int i = 0; i < components.size(); i++) {
      Component component = components.get(i);
      write.addStatement("generator.writeFieldName(FIELDS.name($L))", i);
      CodeBlock value = component.json() instanceof JsonType.Primitive primitive
          ? primitiveWrite(primitive.kind(), component.name())
          : CodeBlock.of("$L.write(generator, value.$N())", valueCodecs.get(i), component.name());
      if (component.sensitive()) {
        write.beginControlFlow("if ($T.isRedacting(generator))", JsonType.JSON_SUPPORT)
            .addStatement("$T.writeRedaction(generator)", JsonType.JSON_SUPPORT)
            .nextControlFlow("else")
            .addStatement(value)
            .endControlFlow();
      } else {
        write.addStatement(value);
      }
    }
    return write.addStatement("generator.writeEndObject()").build();
  }

  private static CodeBlock primitiveWrite(TypeKind kind, String accessor) {
    switch (kind) {
      case BOOLEAN:
        return CodeBlock.of("generator.writeBoolean(value.$N())", accessor);
      case CHAR:
        return CodeBlock.of("$T.writeChar(generator, value.$N())", JsonType.JSON_SUPPORT, accessor);
      default:
        return CodeBlock.of("generator.writeNumber(value.$N())", accessor);
    }
  }

  private static MethodSpec readMethod(ClassName record, List<Component> components,
      List<CodeBlock> valueCodecs, boolean constructorMayRefuse) {
    MethodSpec.Builder read = MethodSpec.methodBuilder("read")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(record)
        .addParameter(JSON_PARSER, "parser")
        .addException(IOException.class)
        .addStatement("$T.startObject(parser)", JsonType.JSON_SUPPORT);
    if (components.isEmpty()) {
      return read.addStatement("parser.skipChildren()")
          .addStatement("return new $T()", record)
          .build();
    }

    NameAllocator locals = new NameAllocator();
    allocate(locals, "parser");
    allocate(locals, "field");
    allocate(locals, "seen");
    allocate(locals, "e");
    List<String> variables = new ArrayList<>();
    List<Integer> required = new ArrayList<>();
    for (int i = 0; i < components.size(); i++) {
      Component component = components.get(i);
      String variable = allocate(locals, component.name());
      variables.add(variable);
      JsonType json = component.json();
      if (json instanceof JsonType.Primitive) {
        read.addStatement("$T $N = $L", component.type(), variable,
            defaultValue(component.type()));
        required.add(i);
      } else if (json instanceof JsonType.OptionalOf
          || (json instanceof JsonType.Nullable nullable
              && nullable.value() instanceof JsonType.OptionalOf)) {
        read.addStatement("$T $N = $T.empty()", component.type(), variable, Optional.class);
      } else {
        read.addStatement("$T $N = null", component.type(), variable);
        if (!(json instanceof JsonType.Nullable)) {
          required.add(i);
        }
      }
    }
    // Which fields were read: a bit per component in a long, or a boolean per component beyond 64.
    boolean wide = components.size() > Long.SIZE;
    if (!required.isEmpty()) {
      if (wide) {
        read.addStatement("boolean[] seen = new boolean[$L]", components.size());
      } else {
        read.addStatement("long seen = 0L");
      }
    }

    read.addComment("Fields in declaration order take the fast path; unknown fields are skipped.")
        .addStatement("int field = -1")
        .beginControlFlow("while ((field = $T.nextValue(parser, FIELDS, field + 1))$W!= $T.END_OF_OBJECT)",
            JsonType.JSON_SUPPORT, JsonType.JSON_SUPPORT);
    if (!required.isEmpty()) {
      read.addStatement(wide ? "seen[field] = true" : "seen |= 1L << field");
    }
    read.beginControlFlow("switch (field)");
    for (int i = 0; i < components.size(); i++) {
      Component component = components.get(i);
      if (component.json() instanceof JsonType.Primitive primitive) {
        read.addStatement("case $L -> $N = $T.$N(parser)", i, variables.get(i),
            JsonType.JSON_SUPPORT,
            "read" + capitalized(primitive.kind().name().toLowerCase(Locale.ROOT)));
      } else {
        read.addStatement("case $L -> $N = $L.read(parser)", i, variables.get(i),
            valueCodecs.get(i));
      }
    }
    read.endControlFlow()
        .endControlFlow();

    if (!required.isEmpty() && !wide) {
      long mask = 0;
      for (int i : required) {
        mask |= 1L << i;
      }
      read.addStatement("$T.requireFields(parser, FIELDS, seen, 0x$LL)", JsonType.JSON_SUPPORT,
          Long.toHexString(mask).toUpperCase(Locale.ROOT));
    }
    for (int i : wide ? required : List.<Integer>of()) {
      read.beginControlFlow("if (!seen[$L])", i)
          .addStatement("throw $T.missing(parser, FIELDS, $L)", JsonType.JSON_SUPPORT, i)
          .endControlFlow();
    }
    CodeBlock arguments = CodeBlock.join(
        variables.stream().map(v -> CodeBlock.of("$N", v)).toList(), ",$W");
    if (!constructorMayRefuse) {
      return read.addStatement("return new $T($L)", record, arguments).build();
    }
    return read.beginControlFlow("try")
        .addStatement("return new $T($L)", record, arguments)
        .nextControlFlow("catch ($T e)", RuntimeException.class)
        .addComment("A compact constructor that validates its arguments refused them.")
        .addStatement("throw $T.rejected(parser, e)", JsonType.JSON_SUPPORT)
        .endControlFlow()
        .build();
  }

  /**
   * A name from {@code names}. {@link NameAllocator#newName(String)} tags each name with a random
   * UUID, which costs a {@code SecureRandom} draw per name; these names need no tag.
   */
  private static String allocate(NameAllocator names, String suggestion) {
    return names.newName(suggestion, new Object());
  }

  private static String defaultValue(TypeName type) {
    if (type.equals(TypeName.BOOLEAN)) {
      return "false";
    }
    if (type.equals(TypeName.CHAR)) {
      return "'\\0'";
    }
    return "0";
  }

  static String upperSnake(String camel) {
    StringBuilder snake = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(camel.charAt(i - 1))) {
        snake.append('_');
      }
      snake.append(Character.toUpperCase(c));
    }
    return snake.toString();
  }

  private static String capitalized(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
