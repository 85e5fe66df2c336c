package dev.herald.processor.codegen.json;

import com.sun.source.util.Trees;
import dev.herald.processor.codegen.json.CodecPlanner.Plan;
import dev.herald.processor.diagnostics.Message;
import dev.herald.processor.diagnostics.Problem;
import dev.herald.processor.diagnostics.Report;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The validation stage of the JSON codecs: plans the codecs of {@code @Event} records and of every
 * record they reach, and returns a {@link JsonCodecPlan} of the codecs that can be written. A
 * record whose codec cannot be generated (an error on one of its components, or on a record it
 * reaches) is left out, and so is any record that reaches it; other records are unaffected.
 *
 * <p>One validator lives for a whole compilation: it remembers, across rounds, which codecs were
 * planned or found, and never plans one twice. A record compiled from a class file whose codec is
 * on the class path reuses that codec.
 */
public final class JsonCodecValidator {

  private final Elements elements;
  private final CodecPlanner planner;
  private final Trees trees;

  /** Per record (qualified name): whether its codec exists, planned in an earlier call or found. */
  private final Map<String, Boolean> settled = new HashMap<>();

  public JsonCodecValidator(ProcessingEnvironment env) {
    this.elements = env.getElementUtils();
    this.planner = new CodecPlanner(env.getElementUtils(), env.getTypeUtils());
    this.trees = treesOf(env);
  }

  /**
   * Plans codecs for these {@code @Event} records and every record they reach (transitively).
   * Deterministic: the same records give the same plan. A crash while planning one record is
   * reported on that record, which then has no codec.
   */
  public JsonCodecPlan validate(Collection<TypeElement> eventRecords) {
    Report report = new Report();
    Map<String, Plan> plans = new LinkedHashMap<>();
    Map<String, Boolean> ok = new HashMap<>();
    Deque<TypeElement> work = new ArrayDeque<>();
    eventRecords.stream().sorted(Comparator.comparing(JsonCodecValidator::qualifiedName))
        .forEach(work::add);
    while (!work.isEmpty()) {
      TypeElement record = work.removeFirst();
      String name = qualifiedName(record);
      if (settled.containsKey(name) || ok.containsKey(name)) {
        continue;
      }
      if (!isSource(record)
          && elements.getTypeElement(JsonCodecGenerator.codecName(record).canonicalName()) != null) {
        settled.put(name, true);
        continue;
      }
      Report problems = new Report();
      Plan plan;
      try {
        plan = planner.plan(record, problems);
      } catch (RuntimeException | Error crash) {
        report.add(Problem.internalError(record, crash));
        ok.put(name, false);
        continue;
      }
      report.addAll(problems);
      plans.put(name, plan);
      ok.put(name, problems.isClean());
      plan.reached().stream().sorted(Comparator.comparing(JsonCodecValidator::qualifiedName))
          .forEach(work::add);
    }

    for (Plan plan : plans.values()) {
      for (TypeElement reached : plan.reached()) {
        if (Boolean.FALSE.equals(settled.get(qualifiedName(reached)))
            && ok.get(qualifiedName(plan.record()))) {
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
    settled.putAll(ok);

    List<Plan> codecs = new ArrayList<>();
    plans.values().stream()
        .filter(plan -> ok.get(qualifiedName(plan.record())))
        .sorted(Comparator.comparing(plan -> plan.codec().canonicalName()))
        .forEach(codecs::add);
    return new JsonCodecPlan(report, codecs);
  }

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

  static String qualifiedName(TypeElement type) {
    return type.getQualifiedName().toString();
  }
}
