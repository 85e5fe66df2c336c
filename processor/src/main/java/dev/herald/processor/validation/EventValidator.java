package dev.herald.processor.validation;

import static dev.herald.processor.validation.AnnotationMirrors.EVENT;
import static dev.herald.processor.validation.AnnotationMirrors.ORDERING_KEY;

import com.palantir.javapoet.ClassName;
import dev.herald.annotations.EventNames;
import dev.herald.processor.diagnostics.Message;
import dev.herald.processor.diagnostics.Report;
import dev.herald.processor.model.EventModel;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** Checks one {@code @Event} type on its own; checks across events live in {@link ContractSetValidator}. */
public final class EventValidator {

  private static final String RESERVED_NAMESPACE = "herald";

  private final Elements elements;
  private final Types types;

  public EventValidator(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** The problems of {@code type}, and its model when there are no errors. */
  public Result validate(TypeElement type) {
    Report report = new Report();
    AnnotationMirror event = AnnotationMirrors.find(type, EVENT).orElseThrow();
    String simpleName = type.getSimpleName().toString();

    if (type.getKind() != ElementKind.RECORD) {
      report.error(type, event, null, Message.EVENT_NOT_RECORD, simpleName, kindPhrase(type),
          simpleName);
      return new Result(report, Optional.empty());
    }
    if (Accessibility.isLocal(type)) {
      report.error(type, Message.EVENT_LOCAL, simpleName);
    } else if (Accessibility.isPrivateAnywhere(type)) {
      report.error(type, Message.EVENT_PRIVATE, simpleName);
    }
    if (!type.getTypeParameters().isEmpty()) {
      report.error(type, Message.EVENT_GENERIC, simpleName,
          type.getTypeParameters().stream().map(Object::toString)
              .collect(Collectors.joining(", ", "<", ">")));
    }

    AnnotationValue nameValue = AnnotationMirrors.value(elements, event, "value");
    String name = (String) nameValue.getValue();
    Optional<String> nameProblem = EventNames.nameProblem(name);
    if (nameProblem.isPresent()) {
      report.error(type, event, nameValue, Message.EVENT_NAME_INVALID, name, simpleName,
          nameProblem.get());
    } else if (EventNames.segments(name).get(0).equals(RESERVED_NAMESPACE)
        && !elements.getPackageOf(type).getQualifiedName().toString().startsWith("dev.herald.")) {
      report.error(type, event, nameValue, Message.EVENT_NAME_RESERVED, name, simpleName);
    }

    AnnotationValue versionValue = AnnotationMirrors.value(elements, event, "version");
    int version = (Integer) versionValue.getValue();
    if (version < 1) {
      report.error(type, event, versionValue, Message.EVENT_VERSION_INVALID, version, simpleName);
    }

    String orderingKey = orderingKey(type, report);
    if (report.hasErrors()) {
      return new Result(report, Optional.empty());
    }
    return new Result(report, Optional.of(new EventModel(
        type,
        ClassName.get(type),
        name,
        version,
        booleanValue(event, "critical"),
        booleanValue(event, "persist"),
        booleanValue(event, "logPayload"),
        orderingKey,
        Javadocs.firstSentence(elements.getDocComment(type)),
        ConstantNames.of(name, version),
        (Integer) AnnotationMirrors.value(elements, event, "priority").getValue())));
  }

  private String orderingKey(TypeElement type, Report report) {
    RecordComponentElement first = null;
    for (RecordComponentElement component : type.getRecordComponents()) {
      Optional<AnnotationMirror> key = AnnotationMirrors.find(component, ORDERING_KEY);
      if (key.isEmpty()) {
        continue;
      }
      if (first != null) {
        report.error(positionOf(component), Message.ORDERING_KEY_DUPLICATE,
            first.getSimpleName(), component.getSimpleName(), type.getSimpleName());
        continue;
      }
      first = component;
      if (!canBeOrderingKey(component.asType())) {
        report.error(positionOf(component), Message.ORDERING_KEY_TYPE,
            component.getSimpleName(), type.getSimpleName(), component.asType());
      }
    }
    return first == null ? null : first.getSimpleName().toString();
  }

  /**
   * Where javac can point at a record component: javac 17 has no source position for the component
   * element itself, but the record's private field of the same name sits on the component's line.
   */
  public static Element positionOf(RecordComponentElement component) {
    for (Element member : component.getEnclosingElement().getEnclosedElements()) {
      if (member.getKind() == ElementKind.FIELD
          && member.getSimpleName().equals(component.getSimpleName())) {
        return member;
      }
    }
    return component;
  }

  private boolean canBeOrderingKey(TypeMirror type) {
    if (type.getKind().isPrimitive()) {
      return true;
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    TypeElement element = (TypeElement) types.asElement(type);
    if (element.getKind() == ElementKind.ENUM) {
      return true;
    }
    String name = element.getQualifiedName().toString();
    return List.of("java.lang.String", "java.util.UUID", "java.lang.Boolean", "java.lang.Byte",
            "java.lang.Short", "java.lang.Character", "java.lang.Integer", "java.lang.Long",
            "java.lang.Float", "java.lang.Double")
        .contains(name);
  }

  private boolean booleanValue(AnnotationMirror mirror, String attribute) {
    return (Boolean) AnnotationMirrors.value(elements, mirror, attribute).getValue();
  }

  private static String kindPhrase(TypeElement type) {
    switch (type.getKind()) {
      case INTERFACE:
        return "an interface";
      case ENUM:
        return "an enum";
      case ANNOTATION_TYPE:
        return "an annotation type";
      default:
        return "a class";
    }
  }

  /** A report, and the model when the report has no errors. */
  public record Result(Report report, Optional<EventModel> model) {}
}
