package dev.herald.processor.validation;

import static dev.herald.processor.validation.AnnotationMirrors.EVENT;

import com.palantir.javapoet.ClassName;
import dev.herald.processor.diagnostics.Message;
import dev.herald.processor.diagnostics.Report;
import dev.herald.processor.model.EventModel;
import dev.herald.processor.model.UpcastModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks each {@code @Upcast} method on its own: static, reachable from the generated
 * {@code EventMap}, one event of this compilation in, the next version of the same event out.
 * Whether the upcasters of a compilation make a chain is {@link VersionChainValidator}'s job.
 */
public final class UpcastValidator {

  private final Elements elements;
  private final Types types;

  public UpcastValidator(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /**
   * The problems of {@code methods}, and a model of each valid one.
   *
   * @param events the compilation's valid events
   * @param contractsPackage the package of the generated {@code EventMap}, which calls them
   */
  public Result validate(
      List<ExecutableElement> methods, List<EventModel> events, String contractsPackage) {
    // By name: an element of an earlier round need not be the same object in this one.
    Map<String, EventModel> byName = events.stream().collect(Collectors.toMap(
        e -> e.element().getQualifiedName().toString(), Function.identity(), (a, b) -> a));
    Report report = new Report();
    List<UpcastModel> valid = new ArrayList<>();
    Set<EventModel> claimed = new HashSet<>();
    for (ExecutableElement method : methods) {
      validate(method, byName, events, contractsPackage, report).ifPresent(valid::add);
      if (!method.getParameters().isEmpty()
          && types.asElement(method.getParameters().get(0).asType()) instanceof TypeElement from
          && byName.containsKey(from.getQualifiedName().toString())) {
        claimed.add(byName.get(from.getQualifiedName().toString()));
      }
    }
    return new Result(report, valid, claimed);
  }

  private Optional<UpcastModel> validate(ExecutableElement method,
      Map<String, EventModel> byName, List<EventModel> events, String contractsPackage,
      Report report) {
    String display = display(method);
    boolean valid = true;
    if (!method.getModifiers().contains(Modifier.STATIC)) {
      report.error(method, Message.UPCAST_NOT_STATIC, display);
      valid = false;
    }
    Optional<String> unreachable = unreachableReason(method, contractsPackage);
    if (unreachable.isPresent()) {
      report.error(method, Message.UPCAST_UNREACHABLE, display, contractsPackage,
          unreachable.get(), contractsPackage);
      valid = false;
    }
    Optional<String> signature = signatureProblem(method);
    if (signature.isPresent()) {
      report.error(method, Message.UPCAST_SIGNATURE, display, signature.get());
      return Optional.empty();
    }
    TypeElement fromType = (TypeElement) types.asElement(method.getParameters().get(0).asType());
    TypeElement toType = (TypeElement) types.asElement(method.getReturnType());
    EventModel from = byName.get(fromType.getQualifiedName().toString());
    EventModel to = byName.get(toType.getQualifiedName().toString());
    if (from == null || to == null) {
      report.error(method, Message.UPCAST_OUTSIDE_COMPILATION, display,
          (from == null ? fromType : toType).getQualifiedName());
      return Optional.empty();
    }
    if (!from.name().equals(to.name())) {
      report.error(method, Message.UPCAST_ACROSS_NAMES, display, from.name(), to.name(),
          from.version() + 1, from.name());
      return Optional.empty();
    }
    if (to.version() <= from.version()) {
      report.error(method, Message.UPCAST_BACKWARDS, display, from.label(), to.label());
      return Optional.empty();
    }
    if (to.version() > from.version() + 1) {
      // Without a next version, the gap is the error, reported on the record after it.
      Optional<EventModel> next = events.stream()
          .filter(e -> e.name().equals(from.name()) && e.version() == from.version() + 1)
          .findFirst();
      next.ifPresent(n -> report.error(method, Message.UPCAST_SKIPS_VERSION, display,
          from.label(), to.label(), n.label(), n.type().simpleName()));
      return Optional.empty();
    }
    if (!valid) {
      return Optional.empty();
    }
    return Optional.of(new UpcastModel(method,
        ClassName.get((TypeElement) method.getEnclosingElement()),
        method.getSimpleName().toString(), from, to));
  }

  /**
   * For a compilation without events or listeners, where no EventMap is generated: every
   * {@code @Upcast} method is outside the compilation of its events.
   */
  public static Report withoutEvents(List<ExecutableElement> methods) {
    Report report = new Report();
    for (ExecutableElement method : methods) {
      report.error(method, Message.UPCAST_OUTSIDE_COMPILATION, display(method),
          method.getParameters().isEmpty() ? method.getReturnType()
              : method.getParameters().get(0).asType());
    }
    return report;
  }

  /** Why the EventMap generated in {@code contractsPackage} cannot call the method, if so. */
  private Optional<String> unreachableReason(ExecutableElement method, String contractsPackage) {
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      return Optional.of("it is private");
    }
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    if (Accessibility.isLocal(owner)) {
      return Optional.of("it is in a local or anonymous class");
    }
    for (Element e = owner; e instanceof TypeElement type; e = e.getEnclosingElement()) {
      if (type.getModifiers().contains(Modifier.PRIVATE)) {
        return Optional.of("it is in " + type.getSimpleName() + ", which is private");
      }
      if (type.getEnclosingElement() instanceof TypeElement
          && type.getKind() == ElementKind.CLASS
          && !type.getModifiers().contains(Modifier.STATIC)) {
        return Optional.of("it is in " + type.getSimpleName()
            + ", an inner class (a nested class that is not static)");
      }
    }
    if (elements.getPackageOf(owner).getQualifiedName().contentEquals(contractsPackage)) {
      return Optional.empty();
    }
    if (!method.getModifiers().contains(Modifier.PUBLIC)) {
      return Optional.of("it is not public, and in another package");
    }
    if (!Accessibility.isAccessibleFrom(owner, contractsPackage, elements)) {
      return Optional.of("it is in " + owner.getQualifiedName()
          + ", which is not public (nor every class around it)");
    }
    return Optional.empty();
  }

  private Optional<String> signatureProblem(ExecutableElement method) {
    if (method.getParameters().size() != 1) {
      return Optional.of("takes " + method.getParameters().size() + " parameters");
    }
    if (!method.getTypeParameters().isEmpty()) {
      return Optional.of("declares type parameters");
    }
    for (TypeMirror thrown : method.getThrownTypes()) {
      if (isChecked(thrown)) {
        return Optional.of("declares the checked exception " + thrown);
      }
    }
    TypeMirror parameter = method.getParameters().get(0).asType();
    if (!isEvent(parameter)) {
      return Optional.of("takes " + parameter + ", which is not an @Event record");
    }
    TypeMirror result = method.getReturnType();
    if (!isEvent(result)) {
      return Optional.of("returns " + result + ", which is not an @Event record");
    }
    return Optional.empty();
  }

  private boolean isEvent(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    Element element = ((DeclaredType) type).asElement();
    return element.getKind() == ElementKind.RECORD && AnnotationMirrors.has(element, EVENT);
  }

  private boolean isChecked(TypeMirror thrown) {
    TypeMirror runtime = elements.getTypeElement("java.lang.RuntimeException").asType();
    TypeMirror error = elements.getTypeElement("java.lang.Error").asType();
    return !types.isSubtype(thrown, runtime) && !types.isSubtype(thrown, error);
  }

  /** {@code OrderMigrations.toV2(OrderPlacedV1)}. */
  static String display(ExecutableElement method) {
    return method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName() + "("
        + method.getParameters().stream()
            .map(p -> p.asType().getKind() == TypeKind.DECLARED
                ? ((DeclaredType) p.asType()).asElement().getSimpleName().toString()
                : p.asType().toString())
            .collect(Collectors.joining(", ")) + ")";
  }

  /**
   * A report, and the valid upcasters.
   *
   * @param claimed the versions that some {@code @Upcast} method, valid or not, takes: a step
   *     from one of them without a valid upcaster is already reported on that method
   */
  public record Result(Report report, List<UpcastModel> upcasts, Set<EventModel> claimed) {

    public Result {
      upcasts = List.copyOf(upcasts);
      claimed = Set.copyOf(claimed);
    }
  }
}
