package dev.herald.processor.validation;

import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Whether generated code in some package can name a type. */
public final class Accessibility {

  private Accessibility() {}

  /** The type itself or a type enclosing it is private. */
  public static boolean isPrivateAnywhere(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        return true;
      }
    }
    return false;
  }

  /** The type is declared in a method or initializer (a local or anonymous class). */
  public static boolean isLocal(TypeElement type) {
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      if (t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS) {
        return true;
      }
    }
    return false;
  }

  /** Code in {@code packageName} can refer to {@code type} by name. */
  public static boolean isAccessibleFrom(TypeElement type, String packageName, Elements elements) {
    if (isPrivateAnywhere(type) || isLocal(type)) {
      return false;
    }
    if (elements.getPackageOf(type).getQualifiedName().contentEquals(packageName)) {
      return true;
    }
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (!e.getModifiers().contains(Modifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }
}
