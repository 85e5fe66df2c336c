package dev.herald.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import dev.herald.processor.model.EventModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code EventType}: one enum constant per event, implementing the runtime's
 * {@code EventDescriptor}, with the lookup of the newest version by name compiled to a
 * {@code switch}; the rare lookups and the error messages are {@code EventTypeSupport}'s.
 */
public final class EventTypeWriter {

  public static final String NAME = "EventType";

  private static final ClassName EVENT_TYPE_SUPPORT =
      ClassName.get(GeneratedCode.GENERATED_CONTRACT, "EventTypeSupport");

  private EventTypeWriter() {}

  /** @param events ordered by name then version */
  public static JavaFile write(String packageName, List<EventModel> events) {
    ClassName self = ClassName.get(packageName, NAME);
    ClassName eventMap = ClassName.get(packageName, EventMapWriter.NAME);
    TypeName anyClass = ParameterizedTypeName.get(
        ClassName.get(Class.class), WildcardTypeName.subtypeOf(Object.class));
    TypeName anyKey = ParameterizedTypeName.get(
        GeneratedCode.EVENT_KEY, WildcardTypeName.subtypeOf(Object.class));

    TypeSpec.Builder type = TypeSpec.enumBuilder(NAME)
        .addJavadoc("The events of this compilation, one constant per {@code @Event} record.\n")
        .addAnnotation(GeneratedCode.generatedAnnotation())
        .addModifiers(Modifier.PUBLIC)
        .addSuperinterface(GeneratedCode.EVENT_DESCRIPTOR);

    for (EventModel event : events) {
      type.addOriginatingElement(event.element());
      type.addEnumConstant(event.constantName(), TypeSpec.anonymousClassBuilder(
              "$S,$W$L,$W$T.class,$W$L,$W$L,$W$L,$W$S", event.name(), event.version(), event.type(),
              event.critical(), event.persist(), event.logPayload(), event.description())
          .addJavadoc(constantDoc(event))
          .build());
    }

    Map<String, TypeName> fields = new LinkedHashMap<>();
    fields.put("eventName", ClassName.get(String.class));
    fields.put("version", TypeName.INT);
    fields.put("payloadType", anyClass);
    fields.put("critical", TypeName.BOOLEAN);
    fields.put("persist", TypeName.BOOLEAN);
    fields.put("logPayload", TypeName.BOOLEAN);
    fields.put("description", ClassName.get(String.class));
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    fields.forEach((name, fieldType) -> {
      type.addField(fieldType, name, Modifier.PRIVATE, Modifier.FINAL);
      constructor.addParameter(fieldType, name).addStatement("this.$N = $N", name, name);
      type.addMethod(MethodSpec.methodBuilder(name)
          .addAnnotation(Override.class)
          .addModifiers(Modifier.PUBLIC)
          .returns(fieldType)
          .addStatement("return $N", name)
          .build());
    });
    type.addMethod(constructor.build());
    if (events.stream().anyMatch(event -> event.priority() != 0)) {
      type.addMethod(priority(events));
    }

    type.addMethod(MethodSpec.methodBuilder("key")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(anyKey)
        .addComment("EventMap lists its keys in EventType order.")
        .addStatement("return $T.keys().get(ordinal())", eventMap)
        .build());

    type.addMethod(MethodSpec.methodBuilder("of")
        .addJavadoc("The newest version of the event named {@code name}.\n\n"
            + "@throws IllegalArgumentException if this compilation declares no such event\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(self)
        .addParameter(String.class, "name")
        .addStatement("$T type = lookup(name)", self)
        .beginControlFlow("if (type == null)")
        .addStatement("throw $T.unknown(values(), name)", EVENT_TYPE_SUPPORT)
        .endControlFlow()
        .addStatement("return type")
        .build());
    type.addMethod(MethodSpec.methodBuilder("find")
        .addJavadoc("The newest version of the event named {@code name}, if this compilation declares"
            + " it.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(ParameterizedTypeName.get(ClassName.get(Optional.class), self))
        .addParameter(String.class, "name")
        .addStatement("return $T.ofNullable(lookup(name))", Optional.class)
        .build());
    type.addMethod(MethodSpec.methodBuilder("of")
        .addJavadoc("The event named {@code name} in exactly {@code version}.\n\n"
            + "@throws IllegalArgumentException if this compilation declares no such event\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(self)
        .addParameter(String.class, "name")
        .addParameter(int.class, "version")
        .addStatement("$T newest = lookup(name)", self)
        .addStatement("return newest != null && newest.version == version$W? newest$W"
            + ": $T.version(values(), name, version)", EVENT_TYPE_SUPPORT)
        .build());

    CodeBlock.Builder lookup = CodeBlock.builder().add("return switch (name) {\n").indent();
    newestVersions(events).forEach((name, event) ->
        lookup.add("case $S -> $N;\n", name, event.constantName()));
    lookup.add("default -> null;\n").unindent().add("};\n");
    type.addMethod(MethodSpec.methodBuilder("lookup")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(self)
        .addParameter(String.class, "name")
        .addCode(lookup.build())
        .build());

    return GeneratedCode.file(packageName, type.build());
  }

  /** Events are sorted by name then version, so the last one per name is the newest. */
  private static Map<String, EventModel> newestVersions(List<EventModel> events) {
    Map<String, EventModel> newest = new LinkedHashMap<>();
    events.forEach(e -> newest.put(e.name(), e));
    return newest;
  }

  private static CodeBlock constantDoc(EventModel event) {
    CodeBlock.Builder doc = CodeBlock.builder();
    if (!event.description().isEmpty()) {
      doc.add("$L\n\n<p>", Javadoc.escape(event.description()));
    }
    return doc.add("{@code $L} version $L, carried by {@link $T}.\n", event.name(),
        event.version(), event.type()).build();
  }

  /**
   * {@code priority()}, written only when some event declares one, so that compilations without
   * priorities keep the descriptor's default and their {@code EventType} as it was.
   */
  private static MethodSpec priority(List<EventModel> events) {
    MethodSpec.Builder method = MethodSpec.methodBuilder("priority")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.INT)
        .addCode("return switch (this) {\n$>");
    for (EventModel event : events) {
      if (event.priority() != 0) {
        method.addStatement("case $N -> $L", event.constantName(), event.priority());
      }
    }
    return method.addStatement("default -> 0").addCode("$<};\n").build();
  }
}
