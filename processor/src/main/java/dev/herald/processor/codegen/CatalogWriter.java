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
import dev.herald.processor.model.ListenerModel;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code HeraldCatalog}, the one class per compilation that {@link java.util.ServiceLoader}
 * finds through {@code META-INF/services/dev.herald.runtime.generated.Catalog}.
 */
public final class CatalogWriter {

  public static final String NAME = "HeraldCatalog";
  public static final String SERVICE_FILE = "META-INF/services/dev.herald.runtime.generated.Catalog";

  private CatalogWriter() {}

  /**
   * @param catalog the class to write
   * @param contractsPackage the package of {@code EventType}
   * @param events ordered by name then version
   * @param listeners ordered by class name
   */
  public static JavaFile write(ClassName catalog, String contractsPackage, List<EventModel> events,
      List<ListenerModel> listeners) {
    TypeName descriptors =
        ParameterizedTypeName.get(ClassName.get(List.class), GeneratedCode.EVENT_DESCRIPTOR);
    TypeName dispatchers = ParameterizedTypeName.get(ClassName.get(List.class),
        ParameterizedTypeName.get(GeneratedCode.LISTENER_DISPATCHER,
            WildcardTypeName.subtypeOf(Object.class)));

    CodeBlock eventList = events.isEmpty()
        ? CodeBlock.of("$T.of()", List.class)
        : CodeBlock.of("$T.of($T.values())", List.class,
            ClassName.get(contractsPackage, EventTypeWriter.NAME));
    // A typed array rather than List.of(a, b, ...): javac's inference over hundreds of arguments
    // of distinct types would dominate the compilation.
    CodeBlock.Builder dispatcherList = CodeBlock.builder();
    if (listeners.isEmpty()) {
      dispatcherList.add("$T.of()", List.class);
    } else {
      dispatcherList.add("$T.of(new $T[] {\n", List.class, ParameterizedTypeName.get(
          GeneratedCode.LISTENER_DISPATCHER, WildcardTypeName.subtypeOf(Object.class))).indent();
      for (int i = 0; i < listeners.size(); i++) {
        dispatcherList.add("$T.INSTANCE$L", listeners.get(i).dispatcher(),
            i + 1 < listeners.size() ? ",\n" : "");
      }
      dispatcherList.unindent().add("})");
    }

    TypeSpec.Builder type = TypeSpec.classBuilder(catalog)
        .addJavadoc("The events and listener dispatchers of this compilation, found by"
            + " {@link java.util.ServiceLoader}.\n")
        .addAnnotation(GeneratedCode.generatedAnnotation())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(GeneratedCode.CATALOG)
        .addField(FieldSpec.builder(descriptors, "EVENTS", Modifier.PRIVATE, Modifier.STATIC,
                Modifier.FINAL).initializer(eventList).build())
        .addField(FieldSpec.builder(dispatchers, "DISPATCHERS", Modifier.PRIVATE,
                Modifier.STATIC, Modifier.FINAL).initializer(dispatcherList.build()).build())
        .addMethod(MethodSpec.constructorBuilder()
            .addJavadoc("For {@link java.util.ServiceLoader}.\n")
            .addModifiers(Modifier.PUBLIC)
            .build())
        .addMethod(MethodSpec.methodBuilder("events")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(descriptors)
            .addStatement("return EVENTS")
            .build())
        .addMethod(MethodSpec.methodBuilder("dispatchers")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(dispatchers)
            .addStatement("return DISPATCHERS")
            .build());
    events.forEach(e -> type.addOriginatingElement(e.element()));
    listeners.forEach(l -> type.addOriginatingElement(l.element()));
    return GeneratedCode.file(catalog.packageName(), type.build());
  }
}
