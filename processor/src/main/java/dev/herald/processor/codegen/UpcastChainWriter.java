package dev.herald.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.herald.processor.model.EventModel;
import dev.herald.processor.model.VersionChain;
import dev.herald.processor.model.VersionChain.ComponentValue;
import dev.herald.processor.model.VersionChain.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Writes, into {@code EventMap}, one private static method per older version of an event that
 * carries its payload to the newest version: {@code upcastOrderPlaced(OrderPlaced v1)} calls the
 * step's {@code @Upcast} method, or builds the next version from the components (a generated copy),
 * then the next version's method, until the newest. Each older version's key holds a reference to
 * its method; decoding calls it, without reflection.
 */
final class UpcastChainWriter {

  private final Map<EventModel, String> methodNames = new HashMap<>();
  private final List<VersionChain> chains;

  UpcastChainWriter(List<VersionChain> chains) {
    this.chains = chains;
    for (VersionChain chain : chains) {
      for (Step step : chain.steps()) {
        methodNames.put(step.from(), methodName(step.from()));
      }
    }
  }

  /** {@code upcast} and the constant in upper camel case: {@code ORDER_PLACED_V2} gives
   * {@code upcastOrderPlacedV2}. Constants are unique, so these names are. */
  static String methodName(EventModel event) {
    StringBuilder name = new StringBuilder("upcast");
    boolean upper = true;
    for (char c : event.constantName().toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        name.append(upper ? c : Character.toLowerCase(c));
        upper = false;
      }
    }
    return name.toString();
  }

  /** The fifth argument of {@code event}'s {@code EventKey.of}, or {@code null} for the newest. */
  CodeBlock keyArgument(ClassName eventMap, EventModel event) {
    String method = methodNames.get(event);
    return method == null ? null : CodeBlock.of("$T::$N", eventMap, method);
  }

  /** The methods, oldest version first within each chain. */
  List<MethodSpec> methods() {
    List<MethodSpec> methods = new ArrayList<>();
    for (VersionChain chain : chains) {
      EventModel newest = chain.newest();
      for (Step step : chain.steps()) {
        String parameter = "v" + step.from().version();
        CodeBlock next = step.upcast() != null
            ? CodeBlock.of("$T.$N($N)", step.upcast().owner(), step.upcast().methodName(),
                parameter)
            : copy(step, parameter);
        CodeBlock result = step.to() == newest
            ? next
            : CodeBlock.of("$N($L)", methodNames.get(step.to()), next);
        methods.add(MethodSpec.methodBuilder(methodNames.get(step.from()))
            .addJavadoc("{@code $L} version $L as version $L: $L.\n", chain.name(),
                step.from().version(), newest.version(), how(step))
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(newest.type())
            .addParameter(step.from().type(), parameter)
            .addStatement("return $L", result)
            .build());
      }
    }
    return methods;
  }

  private static String how(Step step) {
    return step.upcast() != null
        ? "{@code " + step.upcast().owner().simpleName() + "." + step.upcast().methodName()
            + "} to version " + step.to().version()
        : "a copy of the components to version " + step.to().version();
  }

  /** {@code new OrderPlacedV3(v2.orderId(), v2.total(), null)}. */
  private static CodeBlock copy(Step step, String parameter) {
    List<CodeBlock> arguments = new ArrayList<>();
    for (ComponentValue value : step.values()) {
      if (value.accessor() == null) {
        arguments.add(value.fallback());
      } else if (value.fallback() == null) {
        arguments.add(CodeBlock.of("$N.$N()", parameter, value.accessor()));
      } else {
        arguments.add(CodeBlock.of("$N.$N() != null ? $N.$N() : $L", parameter, value.accessor(),
            parameter, value.accessor(), value.fallback()));
      }
    }
    return CodeBlock.of("new $T($L)", step.to().type(), CodeBlock.join(arguments, ",$W"));
  }
}
