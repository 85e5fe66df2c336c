package dev.herald.processor.validation;

import static dev.herald.processor.validation.AnnotationMirrors.DEFAULT_VALUE;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.herald.processor.diagnostics.Message;
import dev.herald.processor.diagnostics.Report;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads {@code @DefaultValue} on a record component and turns its text into a Java expression of
 * the component's type, for the copy generated between two versions.
 */
final class DefaultValues {

  private final Elements elements;
  private final Types types;

  DefaultValues(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** Whether the component carries {@code @DefaultValue}, valid or not. */
  static boolean has(RecordComponentElement component) {
    return AnnotationMirrors.has(component, DEFAULT_VALUE);
  }

  /**
   * The component's default as an expression, or empty when it has none; an invalid one is
   * reported on the component, and is empty too.
   */
  Optional<CodeBlock> expression(RecordComponentElement component, Report report) {
    Optional<AnnotationMirror> mirror = AnnotationMirrors.find(component, DEFAULT_VALUE);
    if (mirror.isEmpty()) {
      return Optional.empty();
    }
    String text = (String) AnnotationMirrors.value(elements, mirror.get(), "value").getValue();
    TypeMirror type = component.asType();
    try {
      return Optional.of(literal(text, type));
    } catch (IllegalArgumentException e) {
      report.error(EventValidator.positionOf(component), Message.DEFAULT_VALUE_INVALID, text,
          component.getSimpleName(), component.getEnclosingElement().getSimpleName(),
          e.getMessage());
      return Optional.empty();
    }
  }

  /** @throws IllegalArgumentException with the end of the sentence that says what is wrong */
  private CodeBlock literal(String text, TypeMirror type) {
    TypeKind kind = type.getKind().isPrimitive() ? type.getKind() : unboxedKind(type);
    if (kind != null) {
      return primitive(text, kind, type);
    }
    if (type.getKind() == TypeKind.DECLARED) {
      TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
      if (element.getQualifiedName().contentEquals("java.lang.String")) {
        return CodeBlock.of("$S", text);
      }
      if (element.getKind() == ElementKind.ENUM) {
        for (Element constant : element.getEnclosedElements()) {
          if (constant.getKind() == ElementKind.ENUM_CONSTANT
              && constant.getSimpleName().contentEquals(text)) {
            return CodeBlock.of("$T.$N", ClassName.get(element), text);
          }
        }
        throw new IllegalArgumentException("is not a constant of enum " + element.getSimpleName());
      }
    }
    throw new IllegalArgumentException("has type " + type + ", which has no literal form");
  }

  private CodeBlock primitive(String text, TypeKind kind, TypeMirror type) {
    String problem = "is not a valid " + kind.name().toLowerCase(java.util.Locale.ROOT);
    try {
      switch (kind) {
        case BOOLEAN:
          if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException(problem);
          }
          return CodeBlock.of("$L", text);
        case BYTE:
          return CodeBlock.of("(byte) $L", Byte.parseByte(text));
        case SHORT:
          return CodeBlock.of("(short) $L", Short.parseShort(text));
        case INT:
          return CodeBlock.of("$L", Integer.parseInt(text));
        case LONG:
          return CodeBlock.of("$LL", Long.parseLong(text));
        case CHAR:
          if (text.length() != 1) {
            throw new IllegalArgumentException(problem + ": write exactly one character");
          }
          return CodeBlock.of("(char) $L", (int) text.charAt(0));
        case FLOAT:
          float f = Float.parseFloat(text);
          if (!Float.isFinite(f)) {
            throw new IllegalArgumentException(problem + ": write a finite number");
          }
          return CodeBlock.of("$Lf", Float.toString(f));
        case DOUBLE:
          double d = Double.parseDouble(text);
          if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(problem + ": write a finite number");
          }
          return CodeBlock.of("$Ld", Double.toString(d));
        default:
          throw new IllegalArgumentException("has type " + type + ", which has no literal form");
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(problem);
    }
  }

  private TypeKind unboxedKind(TypeMirror type) {
    try {
      return types.unboxedType(type).getKind();
    } catch (IllegalArgumentException notABox) {
      return null;
    }
  }
}
