package dev.herald.processor.validation;

import com.palantir.javapoet.CodeBlock;
import dev.herald.processor.codegen.json.ComponentNullability;
import dev.herald.processor.diagnostics.Message;
import dev.herald.processor.diagnostics.Report;
import dev.herald.processor.model.EventModel;
import dev.herald.processor.model.UpcastModel;
import dev.herald.processor.model.VersionChain;
import dev.herald.processor.model.VersionChain.ComponentValue;
import dev.herald.processor.model.VersionChain.Step;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks that the versions of each event name make a chain: numbered without gaps, at most one
 * {@code @Upcast} method per step, and every step without one compatible, so that every older
 * version has a path to the newest. A compatible step is one the processor can generate a copy
 * for: no component removed, every kept component of the same type (or a lossless widening, or
 * boxing), none that could be null made required without a default, and every new component
 * nullable, {@code Optional} or given a {@code @DefaultValue}.
 */
public final class VersionChainValidator {

  /** Lossless widenings of primitives, from a kind to the kinds that hold all its values. */
  private static final Map<TypeKind, Set<TypeKind>> WIDENINGS = Map.of(
      TypeKind.BYTE, Set.of(TypeKind.SHORT, TypeKind.INT, TypeKind.LONG, TypeKind.FLOAT,
          TypeKind.DOUBLE),
      TypeKind.SHORT, Set.of(TypeKind.INT, TypeKind.LONG, TypeKind.FLOAT, TypeKind.DOUBLE),
      TypeKind.CHAR, Set.of(TypeKind.INT, TypeKind.LONG, TypeKind.FLOAT, TypeKind.DOUBLE),
      TypeKind.INT, Set.of(TypeKind.LONG, TypeKind.DOUBLE),
      TypeKind.FLOAT, Set.of(TypeKind.DOUBLE));

  private final Types types;
  private final DefaultValues defaults;

  public VersionChainValidator(Elements elements, Types types) {
    this.types = types;
    this.defaults = new DefaultValues(elements, types);
  }

  /**
   * The chains of {@code events}' names that have two versions or more, and the problems found.
   * A name whose chain is broken has no chain in the result.
   *
   * @param events the compilation's accepted events
   * @param upcasts the valid {@code @Upcast} methods, each between two of {@code events}
   * @param claimed the versions that an {@code @Upcast} method takes, valid or not
   */
  public Result validate(
      List<EventModel> events, List<UpcastModel> upcasts, Set<EventModel> claimed) {
    Report report = new Report();
    Map<String, List<EventModel>> byName = new LinkedHashMap<>();
    for (EventModel event : events) {
      byName.computeIfAbsent(event.name(), n -> new ArrayList<>()).add(event);
      checkDefaults(event, report);
    }
    List<VersionChain> chains = new ArrayList<>();
    for (List<EventModel> versions : byName.values()) {
      if (versions.size() > 1) {
        versions.sort(Comparator.comparingInt(EventModel::version));
        chain(versions, upcasts, claimed, report).ifPresent(chains::add);
      }
    }
    return new Result(report, chains);
  }

  /** Every {@code @DefaultValue} is checked, used by a step or not. */
  private void checkDefaults(EventModel event, Report report) {
    for (RecordComponentElement component : event.element().getRecordComponents()) {
      defaults.expression(component, report);
    }
  }

  private Optional<VersionChain> chain(List<EventModel> versions, List<UpcastModel> upcasts,
      Set<EventModel> claimed, Report report) {
    boolean broken = false;
    List<Step> steps = new ArrayList<>();
    for (int i = 1; i < versions.size(); i++) {
      EventModel from = versions.get(i - 1);
      EventModel to = versions.get(i);
      if (to.version() != from.version() + 1) {
        int missing = from.version() + 1;
        report.error(to.element(), Message.VERSION_GAP, to.label() + " (" + to.type().simpleName()
            + ")", missing, to.name(), missing, missing);
        broken = true;
        continue;
      }
      List<UpcastModel> forStep = upcasts.stream().filter(u -> u.from() == from).toList();
      if (forStep.size() > 1) {
        for (UpcastModel extra : forStep.subList(1, forStep.size())) {
          report.error(extra.method(), Message.UPCAST_DUPLICATE, from.label(), to.version(),
              forStep.get(0).label(), extra.label());
        }
        broken = true;
      } else if (forStep.size() == 1) {
        steps.add(new Step(from, to, forStep.get(0), List.of()));
      } else if (claimed.contains(from)) {
        broken = true; // its upcaster is invalid, and reported as such
      } else {
        Report problems = new Report();
        List<ComponentValue> values = copy(from, to, problems);
        if (problems.hasErrors()) {
          report.error(from.element(), Message.NO_PATH_TO_NEWEST,
              from.label() + " (" + from.type().simpleName() + ")",
              versions.get(versions.size() - 1).version(), to.version(), to.type().simpleName(),
              to.type().simpleName(), to.type().simpleName(), from.type().simpleName());
          report.addAll(problems);
          broken = true;
        } else {
          steps.add(new Step(from, to, null, values));
        }
      }
    }
    return broken ? Optional.empty()
        : Optional.of(new VersionChain(versions.get(0).name(), versions, steps));
  }

  /**
   * How a generated copy builds each component of {@code to} from {@code from}; every component
   * it cannot build is reported, by the rule it breaks.
   */
  private List<ComponentValue> copy(EventModel from, EventModel to, Report report) {
    TypeElement oldRecord = from.element();
    TypeElement newRecord = to.element();
    Map<String, RecordComponentElement> old = new LinkedHashMap<>();
    oldRecord.getRecordComponents().forEach(c -> old.put(c.getSimpleName().toString(), c));
    Set<String> kept = new HashSet<>();
    newRecord.getRecordComponents().forEach(c -> kept.add(c.getSimpleName().toString()));

    for (RecordComponentElement removed : old.values()) {
      if (!kept.contains(removed.getSimpleName().toString())) {
        report.error(newRecord, Message.COMPONENT_REMOVED, label(to), removed.getSimpleName(),
            from.version(), from.type().simpleName(), from.version(), to.version(),
            from.type().simpleName(), to.type().simpleName());
      }
    }
    List<ComponentValue> values = new ArrayList<>();
    for (RecordComponentElement component : newRecord.getRecordComponents()) {
      RecordComponentElement before = old.get(component.getSimpleName().toString());
      Optional<CodeBlock> fallback = defaults.expression(component, new Report());
      // An invalid @DefaultValue is reported once, by checkDefaults, not as a missing default.
      boolean invalidDefault = fallback.isEmpty() && DefaultValues.has(component);
      if (before == null) {
        Optional<CodeBlock> empty = fallback.or(() -> emptyValue(component));
        if (empty.isEmpty() && !invalidDefault) {
          report.error(EventValidator.positionOf(component), Message.REQUIRED_COMPONENT_ADDED,
              component.getSimpleName(), label(to), to.version(), from.version(),
              from.type().simpleName(), to.version(), from.type().simpleName(),
              to.type().simpleName());
        }
        values.add(new ComponentValue(null, empty.orElse(null)));
        continue;
      }
      String accessor = before.getSimpleName().toString();
      if (!converts(before.asType(), component.asType())) {
        report.error(EventValidator.positionOf(component), Message.COMPONENT_TYPE_CHANGED,
            component.getSimpleName(), label(to), component.asType(), before.asType(),
            from.version(), from.type().simpleName(), from.type().simpleName(),
            to.type().simpleName(), before.asType());
      } else if (mayBeNull(before) && !mayBeNull(component)) {
        if (fallback.isEmpty() && !invalidDefault) {
          report.error(EventValidator.positionOf(component), Message.COMPONENT_NOW_REQUIRED,
              component.getSimpleName(), label(to), from.version(), from.type().simpleName(),
              from.version(), to.version(), from.type().simpleName(), to.type().simpleName());
        }
        values.add(new ComponentValue(accessor, fallback.orElse(null)));
        continue;
      }
      values.add(new ComponentValue(accessor, null));
    }
    return values;
  }

  /** What a new component holds when nobody says otherwise: null, or an empty Optional. */
  private Optional<CodeBlock> emptyValue(RecordComponentElement component) {
    if (isOptional(component.asType())) {
      return Optional.of(CodeBlock.of("$T.empty()", Optional.class));
    }
    if (ComponentNullability.isNullable(component, types)) {
      return Optional.of(CodeBlock.of("null"));
    }
    return Optional.empty();
  }

  private boolean mayBeNull(RecordComponentElement component) {
    return !component.asType().getKind().isPrimitive()
        && ComponentNullability.isNullable(component, types);
  }

  /** The same type, a lossless primitive widening, or a primitive to its box. */
  private boolean converts(TypeMirror from, TypeMirror to) {
    if (types.isSameType(from, to)) {
      return true;
    }
    if (from.getKind().isPrimitive() && to.getKind().isPrimitive()) {
      return WIDENINGS.getOrDefault(from.getKind(), Set.of()).contains(to.getKind());
    }
    return from.getKind().isPrimitive()
        && types.isSameType(types.boxedClass(types.getPrimitiveType(from.getKind())).asType(), to);
  }

  private static boolean isOptional(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED && ((TypeElement) ((DeclaredType) type).asElement())
        .getQualifiedName().contentEquals("java.util.Optional");
  }

  private static String label(EventModel event) {
    return event.type().simpleName() + " (" + event.label() + ")";
  }

  /** A report, and the chains of the names whose chain is whole. */
  public record Result(Report report, List<VersionChain> chains) {

    public Result {
      chains = List.copyOf(chains);
    }
  }
}
