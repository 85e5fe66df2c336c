package dev.herald.processor.codegen.json;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.sun.source.util.Trees;
import dev.herald.processor.codegen.json.CodecPlanner.Plan;
import dev.herald.processor.diagnostics.Message;
import dev.herald.processor.diagnostics.Report;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Plans and writes the JSON codecs of {@code @Event} records and of every record they reach.
 *
 * <p>The codec of {@code com.acme.Outer.Inner} is {@code com.acme.Outer_InnerJsonCodec}: same
 * package, the enclosing simple names joined by {@code _}, then {@code JsonCodec}. It is
 * {@code public final}, has {@code public static final INSTANCE} and implements
 * {@code dev.herald.runtime.generated.JsonCodec<Inner>}.
 *
 * <p>One generator lives for a whole compilation: it remembers, across rounds, which codecs it
 * wrote or found, and never writes one twice. A record compiled from a class file whose codec is on
 * the class path reuses that codec. A record whose codec cannot be generated (an error on one of its
 * components, or on a record it reaches) gets no file, and neither does any record that reaches it;
 * other records are unaffected.
 */
public final class JsonCodecGenerator {

  private final Elements elements;
  private final CodecPlanner planner;
  private final Trees trees;

  /** Per record (qualified name): whether its codec exists, written by us or found. */
  private final Map<String, Boolean> settled = new HashMap<>();

  public JsonCodecGenerator(ProcessingEnvironment env) {
    this.elements = env.getElementUtils();
    this.planner = new CodecPlanner(env.getElementUtils(), env.getTypeUtils());
    this.trees = treesOf(env);
  }

  /**
   * Plans and writes codecs for these {@code @Event} records and every record they reach
   * (transitively). Deterministic: the same records give the same files in the same order.
   */
  public Result generate(Collection<TypeElement> eventRecords) {
    Report report = new Report();
    Map<String, Plan> plans = new LinkedHashMap<>();
    Deque<TypeElement> work = new ArrayDeque<>();
    eventRecords.stream().sorted(Comparator.comparing(JsonCodecGenerator::qualifiedName))
        .forEach(work::add);
    while (!work.isEmpty()) {
      TypeElement record = work.removeFirst();
      String name = qualifiedName(record);
      if (settled.containsKey(name) || plans.containsKey(name)) {
        continue;
      }
      if (!isSource(record)
          && elements.getTypeElement(codecName(record).canonicalName()) != null) {
        settled.put(name, true);
        continue;
      }
      Plan plan = planner.plan(record);
      plans.put(name, plan);
      report.addAll(plan.report());
      plan.reached().stream().sorted(Comparator.comparing(JsonCodecGenerator::qualifiedName))
          .forEach(work::add);
    }

    Map<String, Boolean> ok = new HashMap<>();
    plans.forEach((name, plan) -> ok.put(name, !plan.report().hasErrors()));
    for (Plan plan : plans.values()) {
      for (TypeElement reached : plan.reached()) {
        if (Boolean.FALSE.equals(settled.get(qualifiedName(reached))) && ok.get(qualifiedName(plan.record()))) {
          // Failed in an earlier round, where its error was reported; say why this one fails now.
          report.error(plan.record(), Message.CODEC_NOT_GENERATED,
              plan.record().getSimpleName(), qualifiedName(reached));
          ok.put(qualifiedName(plan.record()), false);
        }
      }
    }
    // A codec calls the codecs of the records it reaches: it needs them all.
    for (boolean changed = true; changed; ) {
      changed = false;
      for (Plan plan : plans.values()) {
        String name = qualifiedName(plan.record());
        if (ok.get(name) && plan.reached().stream()
            .anyMatch(r -> !ok.getOrDefault(qualifiedName(r), settled.get(qualifiedName(r))))) {
          ok.put(name, false);
          changed = true;
        }
      }
    }

    List<JavaFile> files = new ArrayList<>();
    plans.values().stream()
        .filter(plan -> ok.get(qualifiedName(plan.record())))
        .sorted(Comparator.comparing(plan -> plan.codec().canonicalName()))
        .forEach(plan -> files.add(CodecWriter.write(plan, directRecords(plan, plans))));
    settled.putAll(ok);
    return new Result(report, List.copyOf(files));
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

  /**
   * What one call produced: the problems found (notes for databind fallbacks, errors for
   * components no codec can handle) and the codec sources, sorted by class name. Records with an
   * error have no file; every file listed can be written.
   */
  public record Result(Report report, List<JavaFile> files) {}

  /** Whether the record is compiled from source now; its codec on the class path would be stale. */
  private boolean isSource(TypeElement record) {
    return trees != null && trees.getPath(record) != null;
  }

  private static Trees treesOf(ProcessingEnvironment env) {
    try {
      return Trees.instance(env);
    } catch (RuntimeException | LinkageError e) {
      // Not javac (or javac behind a wrapper): trust any codec found on the class path.
      return null;
    }
  }

  private static String qualifiedName(TypeElement type) {
    return type.getQualifiedName().toString();
  }
}
