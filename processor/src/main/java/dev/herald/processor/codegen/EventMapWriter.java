package dev.herald.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import dev.herald.processor.codegen.json.JsonCodecGenerator;
import dev.herald.processor.model.EventModel;
import dev.herald.processor.model.VersionChain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code EventMap}: an {@code EventKey<T>} constant per event, typed by its payload record,
 * with lookups by {@code EventType} and by payload class. The key of an older version of an event
 * refers to the generated method that carries its payload to the newest version
 * ({@link UpcastChainWriter}).
 */
public final class EventMapWriter {

  public static final String NAME = "EventMap";

  /** The nested class of the keys' lazily looked-up parts. */
  private static final String PARTS = "Parts";
  private static final ClassName KEY_PARTS =
      ClassName.get(GeneratedCode.GENERATED_CONTRACT, "KeyParts");

  private EventMapWriter() {}

  /** @param events ordered by name then version */
  public static JavaFile write(String packageName, List<EventModel> events) {
    return write(packageName, events, List.of());
  }

  /**
   * @param events ordered by name then version
   * @param chains the version chains of the event names with two versions or more
   */
  public static JavaFile write(
      String packageName, List<EventModel> events, List<VersionChain> chains) {
    ClassName eventMap = ClassName.get(packageName, NAME);
    UpcastChainWriter upcasts = new UpcastChainWriter(chains);
    ClassName eventType = ClassName.get(packageName, EventTypeWriter.NAME);
    TypeName anyKey = ParameterizedTypeName.get(
        GeneratedCode.EVENT_KEY, WildcardTypeName.subtypeOf(Object.class));
    TypeName anyClass = ParameterizedTypeName.get(
        ClassName.get(Class.class), WildcardTypeName.subtypeOf(Object.class));

    TypeSpec.Builder type = TypeSpec.classBuilder(NAME)
        .addJavadoc("Typed keys of this compilation's events: {@code $T.$N} is the key of {@link $T}.\n",
            ClassName.get(packageName, NAME), events.get(0).constantName(), events.get(0).type())
        .addAnnotation(GeneratedCode.generatedAnnotation())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL);

    // A typed array rather than List.of(a, b, ...), and a loop rather than Map.ofEntries(...):
    // with hundreds of events, javac's inference over one generic call with hundreds of
    // arguments dominates the compilation.
    CodeBlock byClass = CodeBlock.builder()
        .addStatement("$T<$T, $T> map = new $T<>(KEYS.size() * 2)", Map.class, anyClass, anyKey,
            HashMap.class)
        .beginControlFlow("for ($T key : KEYS)", anyKey)
        .addStatement("map.put(key.payloadType(), key)")
        .endControlFlow()
        .addStatement("return $T.copyOf(map)", Map.class)
        .build();
    for (VersionChain chain : chains) {
      chain.steps().stream().filter(step -> step.upcast() != null)
          .forEach(step ->
              type.addOriginatingElement(step.upcast().method().getEnclosingElement()));
    }
    for (int i = 0; i < events.size(); i++) {
      EventModel event = events.get(i);
      type.addOriginatingElement(event.element());
      TypeName keyType = ParameterizedTypeName.get(GeneratedCode.EVENT_KEY, event.type());
      CodeBlock upcast = upcasts.keyArgument(eventMap, event);
      type.addField(FieldSpec.builder(keyType, event.constantName(),
              Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("{@code $L} version $L.\n", event.name(), event.version())
          .initializer("$T.of($T.$N,$W$T.class,$W$N.INSTANCE,$W$L$L)", GeneratedCode.EVENT_KEY,
              eventType, event.constantName(), event.type(), PARTS, i,
              upcast == null ? CodeBlock.of("") : CodeBlock.of(",$W$L", upcast))
          .build());
    }
    type.addType(parts(eventMap, events));

    TypeName byClassType = ParameterizedTypeName.get(ClassName.get(Map.class), anyClass, anyKey);
    TypeName keyList = ParameterizedTypeName.get(ClassName.get(List.class), anyKey);
    type.addField(FieldSpec.builder(keyList, "KEYS", Modifier.PRIVATE, Modifier.STATIC,
            Modifier.FINAL)
        .initializer("$T.of(new $T[] {$L})", List.class, anyKey,
            CodeBlock.join(events.stream().map(e -> CodeBlock.of("$N", e.constantName())).toList(),
                ",$W"))
        .build());
    type.addField(FieldSpec.builder(byClassType, "BY_CLASS",
            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer("byClass()")
        .build());
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());

    type.addMethod(MethodSpec.methodBuilder("keys")
        .addJavadoc("Every key, in {@code EventType} order.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(keyList)
        .addStatement("return KEYS")
        .build());
    type.addMethod(MethodSpec.methodBuilder("byClass")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(byClassType)
        .addCode(byClass)
        .build());
    type.addMethod(MethodSpec.methodBuilder("of")
        .addJavadoc("The key of {@code type}.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(anyKey)
        .addParameter(eventType, "type")
        .addStatement("return type.key()")
        .build());

    TypeVariableName t = TypeVariableName.get("T", Record.class);
    TypeName typedKey = ParameterizedTypeName.get(GeneratedCode.EVENT_KEY, t);
    type.addMethod(MethodSpec.methodBuilder("find")
        .addJavadoc("The key whose payload is {@code payloadType}, if it is an event of this"
            + " compilation.\n")
        .addAnnotation(UncheckedCast.ANNOTATION)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addTypeVariable(t)
        .returns(ParameterizedTypeName.get(ClassName.get(Optional.class), typedKey))
        .addParameter(ParameterizedTypeName.get(ClassName.get(Class.class), t), "payloadType")
        .addComment("Safe: BY_CLASS maps each payload class to the key of that very class.")
        .addStatement("return $T.ofNullable(($T) BY_CLASS.get(payloadType))", Optional.class,
            typedKey)
        .build());
    type.addMethod(MethodSpec.methodBuilder("of")
        .addJavadoc("The key whose payload is {@code payloadType}.\n\n"
            + "@throws IllegalArgumentException if it is not an event of this compilation\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addTypeVariable(t)
        .returns(typedKey)
        .addParameter(ParameterizedTypeName.get(ClassName.get(Class.class), t), "payloadType")
        .addStatement("return find(payloadType).orElseThrow(() -> new $T($W$S$W+ payloadType.getName()"
                + "$W+ $S))", IllegalArgumentException.class, "No event of this compilation has payload ",
            "; is the record annotated with @Event and compiled with the Herald processor?")
        .build());

    upcasts.methods().forEach(type::addMethod);
    return GeneratedCode.file(packageName, type.build());
  }

  /**
   * The nested {@code KeyParts}: key number {@code i}'s codec and ordering-key accessor, each a
   * {@code switch} case, so that a codec class loads and an accessor is made only when first used.
   */
  private static TypeSpec parts(ClassName eventMap, List<EventModel> events) {
    ClassName parts = eventMap.nestedClass(PARTS);
    CodeBlock.Builder codecs = CodeBlock.builder().add("return switch (index) {\n").indent();
    CodeBlock.Builder accessors = CodeBlock.builder().add("return switch (index) {\n").indent();
    List<CodeBlock> unordered = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      EventModel event = events.get(i);
      codecs.add("case $L -> $T.INSTANCE;\n", i, JsonCodecGenerator.codecName(event.element()));
      if (event.orderingKey() == null) {
        unordered.add(CodeBlock.of("$L", i));
      } else {
        // The cast gives the method reference its target type: Function<?, ?> has none.
        accessors.add("case $L -> ($T) $T::$N;\n", i,
            ParameterizedTypeName.get(ClassName.get(Function.class), event.type(),
                WildcardTypeName.subtypeOf(Object.class)),
            event.type(), event.orderingKey());
      }
    }
    if (!unordered.isEmpty()) {
      accessors.add("case $L -> null;\n", CodeBlock.join(unordered, ",$W"));
    }
    codecs.add("default -> throw noSuchKey(index);\n").unindent().add("};\n");
    accessors.add("default -> throw noSuchKey(index);\n").unindent().add("};\n");
    TypeName anything = WildcardTypeName.subtypeOf(Object.class);
    return TypeSpec.classBuilder(PARTS)
        .addJavadoc("Each key's codec and {@code @OrderingKey} accessor, looked up on first use.\n")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addSuperinterface(KEY_PARTS)
        .addField(FieldSpec.builder(parts, "INSTANCE", Modifier.STATIC, Modifier.FINAL)
            .initializer("new $T()", parts)
            .build())
        .addMethod(MethodSpec.methodBuilder("codec")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(ParameterizedTypeName.get(GeneratedCode.JSON_CODEC, anything))
            .addParameter(int.class, "index")
            .addCode(codecs.build())
            .build())
        .addMethod(MethodSpec.methodBuilder("orderingKey")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(ParameterizedTypeName.get(ClassName.get(Function.class), anything, anything))
            .addParameter(int.class, "index")
            .addCode(accessors.build())
            .build())
        .build();
  }
}
