package dev.herald.processor.validation;

import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Reads annotations as mirrors, which works for sources and class files alike. */
public final class AnnotationMirrors {

  public static final String EVENT = "dev.herald.annotations.Event";
  public static final String SUBSCRIBE = "dev.herald.annotations.Subscribe";
  public static final String ORDERING_KEY = "dev.herald.annotations.OrderingKey";
  public static final String SENSITIVE = "dev.herald.annotations.Sensitive";
  public static final String EVENT_CONTRACTS = "dev.herald.annotations.EventContracts";
  public static final String UPCAST = "dev.herald.annotations.Upcast";
  public static final String DEFAULT_VALUE = "dev.herald.annotations.DefaultValue";

  private AnnotationMirrors() {}

  public static Optional<AnnotationMirror> find(Element element, String annotationName) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(annotationName)) {
        return Optional.of(mirror);
      }
    }
    return Optional.empty();
  }

  public static boolean has(Element element, String annotationName) {
    return find(element, annotationName).isPresent();
  }

  /** The value the user wrote for {@code attribute}, or empty if they left the default. */
  public static Optional<AnnotationValue> explicitValue(AnnotationMirror mirror, String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        mirror.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(attribute)) {
        return Optional.of(entry.getValue());
      }
    }
    return Optional.empty();
  }

  /** The value of {@code attribute}, written or default. */
  public static AnnotationValue value(Elements elements, AnnotationMirror mirror, String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(attribute)) {
        return entry.getValue();
      }
    }
    throw new IllegalArgumentException(
        "No attribute " + attribute + " on " + mirror.getAnnotationType());
  }
}
