package dev.herald.processor.codegen.json;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import dev.herald.processor.codegen.json.CodecPlanner.Plan;
import dev.herald.processor.diagnostics.CrashGuard;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.lang.model.element.TypeElement;

/**
 * Writes the JSON codecs that {@link JsonCodecValidator} planned. Reports nothing: every problem
 * was found while planning.
 *
 * <p>The codec of {@code com.acme.Outer.Inner} is {@code com.acme.Outer_InnerJsonCodec}: same
 * package, the enclosing simple names joined by {@code _}, then {@code JsonCodec}. It is
 * {@code public final}, has {@code public static final INSTANCE} and implements
 * {@code dev.herald.runtime.generated.JsonCodec<Inner>}.
 */
public final class JsonCodecGenerator {

  /**
   * The sources of the codecs {@code plan} holds, sorted by class name. A crash while writing one
   * is reported by {@code guard} on its record, and that codec is missing from the list.
   */
  public List<JavaFile> generate(JsonCodecPlan plan, CrashGuard guard) {
    Map<String, Plan> plans = new LinkedHashMap<>();
    plan.codecs().forEach(codec -> plans.put(qualifiedName(codec.record()), codec));
    List<JavaFile> files = new ArrayList<>();
    for (Plan codec : plans.values()) {
      guard.call(codec.record(), () -> CodecWriter.write(codec, directRecords(codec, plans)))
          .ifPresent(files::add);
    }
    return List.copyOf(files);
  }

  /**
   * Which records {@code plan}'s codec may refer to directly: those planned in this same call that
   * cannot reach {@code plan}'s record again, through planned records only. A record outside this
   * call (an earlier round, the class path) is looked up on first use, as is one on a cycle.
   */
  private static Predicate<ClassName> directRecords(Plan plan, Map<String, Plan> plans) {
    String self = qualifiedName(plan.record());
    return record -> {
      Set<String> seen = new HashSet<>();
      Deque<String> work = new ArrayDeque<>(List.of(record.canonicalName()));
      while (!work.isEmpty()) {
        String name = work.removeFirst();
        Plan reached = plans.get(name);
        if (name.equals(self) || reached == null) {
          return false;
        }
        if (seen.add(name)) {
          reached.reached().forEach(r -> work.add(qualifiedName(r)));
        }
      }
      return true;
    };
  }

  /**
   * The codec class of {@code record}: same package, the enclosing simple names joined by
   * {@code _}, then {@code JsonCodec}; {@code com.acme.Outer.Inner} gives
   * {@code com.acme.Outer_InnerJsonCodec}.
   */
  public static ClassName codecName(TypeElement record) {
    ClassName name = ClassName.get(record);
    return ClassName.get(name.packageName(), String.join("_", name.simpleNames()) + "JsonCodec");
  }

  private static String qualifiedName(TypeElement type) {
    return type.getQualifiedName().toString();
  }
}
