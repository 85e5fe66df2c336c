package dev.herald.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import dev.herald.processor.model.ListenerModel;
import dev.herald.processor.model.SubscriberModel;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes a listener class's dispatcher: a {@code GeneratedDispatcher} subclass that passes its
 * listener class and one {@code ListenerMethod} description per {@code @Subscribe} method, in
 * source order ({@code payload("on(Event)").hears(Event.class)...}), to the base class, and
 * implements {@code invoke}, one {@code switch} that calls method number {@code n} with a plain,
 * statically typed call. No lambda per method: javac compiles less, and the JVM spins no class per
 * method at start-up.
 */
public final class DispatcherWriter {

  private static final ClassName GENERATED_DISPATCHER =
      ClassName.get(GeneratedCode.GENERATED_CONTRACT, "GeneratedDispatcher");
  private static final ClassName BATCHES =
      ClassName.get(GeneratedCode.GENERATED_CONTRACT, "Batches");
  private static final ClassName FAILURE_POLICY =
      ClassName.get("dev.herald.annotations", "FailurePolicy");
  private static final ClassName COMPLETION_STAGE =
      ClassName.get("java.util.concurrent", "CompletionStage");

  private DispatcherWriter() {}

  public static JavaFile write(ListenerModel listener) {
    ClassName self = listener.dispatcher();
    CodeBlock.Builder superCall = CodeBlock.builder()
        .add("super($T.class", listener.type()).indent();
    for (SubscriberModel subscriber : listener.subscribers()) {
      superCall.add(",\n$L", method(subscriber));
    }
    superCall.unindent().add(");\n");

    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addJavadoc("Delivers events to {@link $T}'s {@code @Subscribe} methods.\n", listener.type())
        .addAnnotation(GeneratedCode.generatedAnnotation())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .superclass(ParameterizedTypeName.get(GENERATED_DISPATCHER, listener.type()))
        .addOriginatingElement(listener.element())
        .addField(FieldSpec.builder(self, "INSTANCE", Modifier.PUBLIC, Modifier.STATIC,
                Modifier.FINAL)
            .initializer("new $T()", self)
            .build())
        .addMethod(MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PRIVATE)
            .addCode(superCall.build())
            .build())
        .addMethod(invoke(listener));
    if (listener.subscribers().stream().anyMatch(DispatcherWriter::isBatch)) {
      type.addMethod(invokeBatch(listener));
    }
    return GeneratedCode.file(self.packageName(), type.build());
  }

  /**
   * {@code invoke(method, listener, envelope)}: one {@code switch} with a plain call per method.
   * A method returning a {@code CompletionStage} returns it; the others return {@code null}.
   */
  private static MethodSpec invoke(ListenerModel listener) {
    boolean castsEnvelopes = listener.subscribers().stream()
        .anyMatch(s -> s.parameter() == SubscriberModel.Parameter.TYPED_ENVELOPE && !isBatch(s));
    MethodSpec.Builder invoke = MethodSpec.methodBuilder("invoke")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(ParameterizedTypeName.get(COMPLETION_STAGE, WildcardTypeName.subtypeOf(Object.class)))
        .addParameter(int.class, "method")
        .addParameter(listener.type(), "listener")
        .addParameter(ParameterizedTypeName.get(GeneratedCode.ENVELOPE,
            WildcardTypeName.subtypeOf(Object.class)), "envelope")
        .addException(Exception.class);
    if (castsEnvelopes) {
      invoke.addAnnotation(UncheckedCast.ANNOTATION)
          .addComment("Casts to Envelope<E> are safe: the bus hands each method only envelopes of")
          .addComment("the events it hears, and envelopes are read-only.");
    }
    invoke.beginControlFlow("switch (method)");
    List<SubscriberModel> subscribers = listener.subscribers();
    for (int i = 0; i < subscribers.size(); i++) {
      SubscriberModel subscriber = subscribers.get(i);
      if (isBatch(subscriber)) {
        continue; // invokeBatch calls it
      }
      CodeBlock argument = switch (subscriber.parameter()) {
        case PAYLOAD -> CodeBlock.of("($T) envelope.payload()", subscriber.parameterType());
        case TYPED_ENVELOPE -> CodeBlock.of("($T) envelope", subscriber.parameterType());
        case ANY_ENVELOPE -> CodeBlock.of("envelope");
      };
      if (subscriber.returnsCompletionStage()) {
        invoke.beginControlFlow("case $L ->", i)
            .addStatement("return listener.$N($L)", subscriber.methodName(), argument)
            .endControlFlow();
      } else {
        invoke.addStatement("case $L -> listener.$N($L)", i, subscriber.methodName(), argument);
      }
    }
    invoke.addStatement("default -> throw noSuchMethod(method)").endControlFlow();
    if (subscribers.stream().anyMatch(s -> !s.returnsCompletionStage() && !isBatch(s))) {
      invoke.addStatement("return null"); // unreachable when every case returns its stage
    }
    return invoke.build();
  }

  private static boolean isBatch(SubscriberModel subscriber) {
    return subscriber.batchSize() > 0;
  }

  /**
   * {@code invokeBatch(method, listener, batch)}, for listeners with batch methods: the batch's
   * payloads as a view ({@code Batches.payloads}), or the batch itself cast to the parameter's
   * {@code List<Envelope<…>>}.
   */
  private static MethodSpec invokeBatch(ListenerModel listener) {
    List<SubscriberModel> subscribers = listener.subscribers();
    boolean castsEnvelopes = subscribers.stream()
        .anyMatch(s -> isBatch(s) && s.parameter() == SubscriberModel.Parameter.TYPED_ENVELOPE);
    MethodSpec.Builder invoke = MethodSpec.methodBuilder("invokeBatch")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(ParameterizedTypeName.get(COMPLETION_STAGE, WildcardTypeName.subtypeOf(Object.class)))
        .addParameter(int.class, "method")
        .addParameter(listener.type(), "listener")
        .addParameter(ParameterizedTypeName.get(ClassName.get(List.class),
            ParameterizedTypeName.get(GeneratedCode.ENVELOPE,
                WildcardTypeName.subtypeOf(Object.class))), "batch")
        .addException(Exception.class);
    if (castsEnvelopes) {
      invoke.addAnnotation(UncheckedCast.ANNOTATION)
          .addComment("Casts to List<Envelope<E>> are safe: the bus hands each method only")
          .addComment("envelopes of the events it hears, in a list nobody writes to.");
    }
    invoke.beginControlFlow("switch (method)");
    for (int i = 0; i < subscribers.size(); i++) {
      SubscriberModel subscriber = subscribers.get(i);
      if (!isBatch(subscriber)) {
        continue;
      }
      CodeBlock argument = switch (subscriber.parameter()) {
        case PAYLOAD -> CodeBlock.of("$T.payloads(batch)", BATCHES);
        case TYPED_ENVELOPE -> CodeBlock.of("($T) ($T) batch", subscriber.parameterType(),
            ParameterizedTypeName.get(ClassName.get(List.class),
                WildcardTypeName.subtypeOf(Object.class)));
        case ANY_ENVELOPE -> CodeBlock.of("batch");
      };
      if (subscriber.returnsCompletionStage()) {
        invoke.beginControlFlow("case $L ->", i)
            .addStatement("return listener.$N($L)", subscriber.methodName(), argument)
            .endControlFlow();
      } else {
        invoke.addStatement("case $L -> listener.$N($L)", i, subscriber.methodName(), argument);
      }
    }
    invoke.addStatement("default -> throw noSuchMethod(method)").endControlFlow();
    if (subscribers.stream().anyMatch(s -> isBatch(s) && !s.returnsCompletionStage())) {
      invoke.addStatement("return null");
    }
    return invoke.build();
  }

  /** The description of one method, numbered by its position in the constructor call. */
  private static CodeBlock method(SubscriberModel subscriber) {
    boolean payload = subscriber.parameter() == SubscriberModel.Parameter.PAYLOAD;
    CodeBlock.Builder code = CodeBlock.builder()
        .add("$N($S)", payload ? "payload" : "envelope", subscriber.displayName())
        .indent();
    if (!subscriber.events().isEmpty()) {
      code.add("\n.hears($L)", CodeBlock.join(
          subscriber.events().stream().map(e -> CodeBlock.of("$T.class", e)).toList(), ", "));
    }
    if (!subscriber.patterns().isEmpty()) {
      code.add("\n.patterns($L)", CodeBlock.join(
          subscriber.patterns().stream().map(p -> CodeBlock.of("$S", p)).toList(), ", "));
    }
    if (subscriber.priority() != 0) {
      code.add("\n.priority($L)", subscriber.priority());
    }
    if (!subscriber.delivery().equals("SYNC")) {
      code.add("\n.delivery($T.$L)", GeneratedCode.DELIVERY, subscriber.delivery());
    }
    if (subscriber.maxAttempts() != 0) {
      code.add("\n.maxAttempts($L)", subscriber.maxAttempts());
    }
    if (subscriber.backoffMillis() != 0) {
      code.add("\n.backoffMillis($LL)", subscriber.backoffMillis());
    }
    if (subscriber.maxBackoffMillis() != 0) {
      code.add("\n.maxBackoffMillis($LL)", subscriber.maxBackoffMillis());
    }
    if (subscriber.timeoutMillis() != 0) {
      code.add("\n.timeoutMillis($LL)", subscriber.timeoutMillis());
    }
    if (!subscriber.onFailure().equals("DEAD_LETTER")) {
      code.add("\n.onFailure($T.$L)", FAILURE_POLICY, subscriber.onFailure());
    }
    if (subscriber.concurrency() != 0) {
      code.add("\n.concurrency($L)", subscriber.concurrency());
    }
    if (subscriber.batchSize() != 0) {
      code.add("\n.batch($L, $LL)", subscriber.batchSize(), subscriber.maxWaitMillis());
    }
    return code.unindent().build();
  }
}
