package dev.herald.processor;

import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/**
 * Finds references to types that do not exist yet, typically because another processor generates
 * them in a later round. Such elements are processed in that later round.
 */
final class TypeResolution {

  private TypeResolution() {}

  static boolean hasUnresolvedComponent(TypeElement record) {
    return firstUnresolved(record) != null;
  }

  static boolean hasUnresolvedSignature(List<ExecutableElement> methods) {
    for (ExecutableElement method : methods) {
      if (unresolvedIn(method.getReturnType()) != null) {
        return true;
      }
      for (VariableElement parameter : method.getParameters()) {
        if (unresolvedIn(parameter.asType()) != null) {
          return true;
        }
      }
    }
    return false;
  }

  /** The first unresolved type a record's components or a class's methods refer to, or null. */
  static TypeMirror firstUnresolved(TypeElement type) {
    for (RecordComponentElement component : type.getRecordComponents()) {
      TypeMirror unresolved = unresolvedIn(component.asType());
      if (unresolved != null) {
        return unresolved;
      }
    }
    for (var member : type.getEnclosedElements()) {
      if (member instanceof ExecutableElement method) {
        for (VariableElement parameter : method.getParameters()) {
          TypeMirror unresolved = unresolvedIn(parameter.asType());
          if (unresolved != null) {
            return unresolved;
          }
        }
      }
    }
    return null;
  }

  private static TypeMirror unresolvedIn(TypeMirror type) {
    if (type == null) {
      return null;
    }
    if (type.getKind() == TypeKind.ERROR) {
      return type;
    }
    if (type instanceof DeclaredType declared) {
      for (TypeMirror argument : declared.getTypeArguments()) {
        TypeMirror unresolved = unresolvedIn(argument);
        if (unresolved != null) {
          return unresolved;
        }
      }
    } else if (type instanceof ArrayType array) {
      return unresolvedIn(array.getComponentType());
    } else if (type instanceof WildcardType wildcard) {
      TypeMirror extendsBound = unresolvedIn(wildcard.getExtendsBound());
      return extendsBound != null ? extendsBound : unresolvedIn(wildcard.getSuperBound());
    }
    return null;
  }
}
