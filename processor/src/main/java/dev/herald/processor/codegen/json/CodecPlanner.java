package dev.herald.processor.codegen.json;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.herald.processor.diagnostics.Message;
import dev.herald.processor.diagnostics.Problem;
import dev.herald.processor.diagnostics.Report;
import dev.herald.processor.validation.AnnotationMirrors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Decides, for one record, how each component travels as JSON, and which other records its codec
 * needs. Adds problems to a report instead of printing them. Public for the schema writers
 * ({@code dev.herald.processor.schema}), which describe what the codec planned here writes.
 */
public final class CodecPlanner {

  static final String OBJECT_MAPPER = "com.fasterxml.jackson.databind.ObjectMapper";
  static final String EXACT_DECIMALS = "dev.herald.annotations.ExactDecimals";

  private static final Map<String, String> BUILTINS = Map.ofEntries(
      Map.entry("java.lang.String", "STRING"),
      Map.entry("java.lang.Boolean", "BOOLEAN"),
      Map.entry("java.lang.Character", "CHARACTER"),
      Map.entry("java.lang.Byte", "BYTE"),
      Map.entry("java.lang.Short", "SHORT"),
      Map.entry("java.lang.Integer", "INTEGER"),
      Map.entry("java.lang.Long", "LONG"),
      Map.entry("java.lang.Float", "FLOAT"),
      Map.entry("java.lang.Double", "DOUBLE"),
      Map.entry("java.math.BigDecimal", "BIG_DECIMAL"),
      Map.entry("java.math.BigInteger", "BIG_INTEGER"),
      Map.entry("java.util.UUID", "UUID_CODEC"),
      Map.entry("java.time.Instant", "INSTANT"),
      Map.entry("java.time.LocalDate", "LOCAL_DATE"),
      Map.entry("java.time.LocalDateTime", "LOCAL_DATE_TIME"),
      Map.entry("java.time.OffsetDateTime", "OFFSET_DATE_TIME"),
      Map.entry("java.time.Duration", "DURATION"));

  private static final Map<String, String> COLLECTIONS = Map.of(
      "java.util.List", "list",
      "java.util.Set", "set",
      "java.util.Collection", "collection");

  /**
   * One component and how it travels; {@code json} is {@code Nullable} for nullable ones.
   * {@code sensitive}: annotated {@code @Sensitive}, written as {@code "***"} when the generator is
   * redacting.
   */
  public record Component(
      String name, TypeName type, JsonType json, Element position, boolean sensitive) {}

  /**
   * The plan for one record's codec, immutable. {@code reached} are the records its codec calls,
   * in the order their components first name them. {@code constructorMayRefuse}: the record
   * declares its canonical constructor (compact or not), which may throw on arguments it refuses;
   * the implicit one only assigns its fields.
   */
  public record Plan(TypeElement record, ClassName codec, List<Component> components,
      Set<TypeElement> reached, boolean constructorMayRefuse) {

    public Plan {
      components = List.copyOf(components);
      reached = Collections.unmodifiableSet(new LinkedHashSet<>(reached));
    }
  }

  private final Elements elements;
  private final Types types;

  /** A planner; it keeps no state between records. */
  public CodecPlanner(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** Plans the codec of {@code record}; its problems go to {@code report}. */
  public Plan plan(TypeElement record, Report report) {
    String packageName = elements.getPackageOf(record).getQualifiedName().toString();
    List<Component> components = new ArrayList<>();
    Set<TypeElement> reached = new LinkedHashSet<>();
    for (RecordComponentElement component : record.getRecordComponents()) {
      Element position = positionOf(component);
      boolean exactDecimals = AnnotationMirrors.has(component, EXACT_DECIMALS);
      Context context = new Context(record, component, position, packageName, report, reached,
          exactDecimals);
      TypeMirror type = component.asType();
      boolean nullable = Nullability.isNullable(component, types);
      JsonType json = analyze(type, context);
      if (exactDecimals && !context.freeFormSeen()[0]) {
        report.error(position, Message.CODEC_EXACT_DECIMALS_UNUSED, component.getSimpleName(),
            record.getSimpleName(), plain(type));
      }
      if (json instanceof JsonType.Primitive) {
        if (nullable) {
          report.error(position, Message.CODEC_NULLABLE_PRIMITIVE, component.getSimpleName(),
              record.getSimpleName(), type);
        }
      } else if (nullable && !(json instanceof JsonType.OptionalOf)) {
        json = new JsonType.Nullable(json);
      }
      components.add(new Component(component.getSimpleName().toString(), declared(type), json,
          position, AnnotationMirrors.has(component, AnnotationMirrors.SENSITIVE)));
    }
    return new Plan(record, JsonCodecGenerator.codecName(record), components, reached,
        constructorMayRefuse(record));
  }

  /**
   * Whether the canonical constructor of {@code record} is declared in its source. Javac marks the
   * implicit one {@code MANDATED}; a record read from a class file may not say, so anything else
   * counts as declared.
   */
  private boolean constructorMayRefuse(TypeElement record) {
    ExecutableElement constructor = Nullability.canonicalConstructor(record, types);
    return constructor == null || elements.getOrigin(constructor) != Elements.Origin.MANDATED;
  }

  /** The type as generated code declares it: without type annotations. */
  private static TypeName declared(TypeMirror type) {
    return TypeName.get(type).withoutAnnotations();
  }

  /** {@code freeFormSeen}: set when the component's type holds a free-form value somewhere. */
  private record Context(
      TypeElement record, RecordComponentElement component, Element position, String packageName,
      Report report, Set<TypeElement> reached, boolean exactDecimals, boolean[] freeFormSeen) {

    Context(TypeElement record, RecordComponentElement component, Element position,
        String packageName, Report report, Set<TypeElement> reached, boolean exactDecimals) {
      this(record, component, position, packageName, report, reached, exactDecimals,
          new boolean[1]);
    }
  }

  private JsonType analyze(TypeMirror type, Context context) {
    switch (type.getKind()) {
      case BOOLEAN:
      case BYTE:
      case SHORT:
      case INT:
      case LONG:
      case CHAR:
      case FLOAT:
      case DOUBLE:
        return new JsonType.Primitive(type.getKind());
      case ARRAY:
        if (((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE) {
          return new JsonType.Builtin("BYTES");
        }
        return databind(type, context);
      case DECLARED:
        return analyzeDeclared((DeclaredType) type, context);
      default:
        return databind(type, context);
    }
  }

  private JsonType analyzeDeclared(DeclaredType type, Context context) {
    TypeElement element = (TypeElement) type.asElement();
    String name = element.getQualifiedName().toString();
    List<? extends TypeMirror> arguments = type.getTypeArguments();
    String builtin = BUILTINS.get(name);
    if (builtin != null) {
      return new JsonType.Builtin(builtin);
    }
    if (name.equals("java.lang.Object")) {
      context.freeFormSeen()[0] = true;
      return new JsonType.FreeForm(context.exactDecimals());
    }
    if (element.getKind() == ElementKind.ENUM) {
      if (!accessible(element, context.packageName())) {
        return inaccessible(element, Message.CODEC_TYPE_INACCESSIBLE, context);
      }
      return new JsonType.EnumValue(ClassName.get(element));
    }
    if (element.getKind() == ElementKind.RECORD && element.getTypeParameters().isEmpty()) {
      if (!accessible(element, context.packageName())) {
        return inaccessible(element, Message.CODEC_RECORD_INACCESSIBLE, context);
      }
      context.reached().add(element);
      return new JsonType.RecordValue(ClassName.get(element), JsonCodecGenerator.codecName(element));
    }
    boolean concreteArguments = !arguments.isEmpty()
        && arguments.stream().allMatch(a -> a.getKind() == TypeKind.DECLARED
            || a.getKind() == TypeKind.ARRAY);
    if (name.equals("java.util.Optional") && concreteArguments) {
      return new JsonType.OptionalOf(analyze(arguments.get(0), context));
    }
    String collection = COLLECTIONS.get(name);
    if (collection != null && concreteArguments) {
      return new JsonType.CollectionOf(collection, element(arguments.get(0), context));
    }
    if (name.equals("java.util.Map") && concreteArguments) {
      TypeElement key = (TypeElement) types.asElement(arguments.get(0));
      if (key.getQualifiedName().contentEquals("java.lang.String")) {
        return new JsonType.MapOf(null, element(arguments.get(1), context));
      }
      if (key.getKind() == ElementKind.ENUM) {
        if (!accessible(key, context.packageName())) {
          return inaccessible(key, Message.CODEC_TYPE_INACCESSIBLE, context);
        }
        return new JsonType.MapOf(ClassName.get(key), element(arguments.get(1), context));
      }
    }
    return databind(type, context);
  }

  /** A type argument: nullable when annotated {@code @Nullable} itself. */
  private JsonType element(TypeMirror type, Context context) {
    JsonType json = analyze(type, context);
    return Nullability.hasNullable(type.getAnnotationMirrors())
        && !(json instanceof JsonType.OptionalOf) ? new JsonType.Nullable(json) : json;
  }

  private JsonType databind(TypeMirror type, Context context) {
    TypeElement inaccessible = firstInaccessible(type, context.packageName());
    if (inaccessible != null) {
      return inaccessible(inaccessible, Message.CODEC_TYPE_INACCESSIBLE, context);
    }
    if (elements.getTypeElement(OBJECT_MAPPER) == null) {
      context.report().error(context.position(), Message.CODEC_DATABIND_MISSING,
          context.component().getSimpleName(), context.record().getSimpleName(), plain(type));
    } else {
      context.report().add(Problem.on(context.position(), Message.CODEC_DATABIND_FALLBACK,
          context.component().getSimpleName(), context.record().getSimpleName(), plain(type)));
    }
    return new JsonType.Databind(declared(type));
  }

  private JsonType inaccessible(TypeElement type, Message message, Context context) {
    context.report().error(context.position(), message, type.getQualifiedName(),
        context.component().getSimpleName(), context.record().getSimpleName(),
        context.packageName());
    // Any placeholder will do: the codec of a record with errors is not written.
    return new JsonType.Builtin("STRING");
  }

  /** The type as users wrote it, without annotations, for messages. */
  private static String plain(TypeMirror type) {
    return declared(type).toString();
  }

  private TypeElement firstInaccessible(TypeMirror type, String packageName) {
    if (type instanceof DeclaredType declared) {
      TypeElement element = (TypeElement) declared.asElement();
      if (!accessible(element, packageName)) {
        return element;
      }
      for (TypeMirror argument : declared.getTypeArguments()) {
        TypeElement inner = firstInaccessible(argument, packageName);
        if (inner != null) {
          return inner;
        }
      }
    } else if (type instanceof ArrayType array) {
      return firstInaccessible(array.getComponentType(), packageName);
    } else if (type instanceof WildcardType wildcard) {
      TypeMirror bound = wildcard.getExtendsBound() != null
          ? wildcard.getExtendsBound() : wildcard.getSuperBound();
      return bound == null ? null : firstInaccessible(bound, packageName);
    }
    return null;
  }

  /** Whether generated code in {@code packageName} can name {@code type}. */
  private boolean accessible(TypeElement type, String packageName) {
    boolean samePackage =
        elements.getPackageOf(type).getQualifiedName().contentEquals(packageName);
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      if (t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS
          || t.getModifiers().contains(Modifier.PRIVATE)
          || (!samePackage && !t.getModifiers().contains(Modifier.PUBLIC))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Where javac can point at a record component: javac 17 keeps no source position for the
   * component itself, but the record's private field of the same name sits on its line.
   */
  static Element positionOf(RecordComponentElement component) {
    for (Element member : component.getEnclosingElement().getEnclosedElements()) {
      if (member.getKind() == ElementKind.FIELD
          && member.getSimpleName().equals(component.getSimpleName())) {
        return member;
      }
    }
    return component;
  }

  /** Recognises {@code @Nullable} annotations of any package. */
  static final class Nullability {

    private Nullability() {}

    /**
     * A component is nullable if any annotation named {@code Nullable} is on it, on its accessor,
     * its field or its canonical constructor's parameter, or on its type (JSpecify style).
     */
    static boolean isNullable(RecordComponentElement component, Types types) {
      if (hasNullable(component.getAnnotationMirrors())
          || hasNullable(component.asType().getAnnotationMirrors())
          || arrayElementNullable(component.asType())) {
        return true;
      }
      ExecutableElement accessor = component.getAccessor();
      if (accessor != null && (hasNullable(accessor.getAnnotationMirrors())
          || hasNullable(accessor.getReturnType().getAnnotationMirrors()))) {
        return true;
      }
      TypeElement record = (TypeElement) component.getEnclosingElement();
      for (Element member : record.getEnclosedElements()) {
        if (member.getKind() == ElementKind.FIELD
            && member.getSimpleName().equals(component.getSimpleName())
            && (hasNullable(member.getAnnotationMirrors())
                || hasNullable(member.asType().getAnnotationMirrors()))) {
          return true;
        }
      }
      ExecutableElement constructor = canonicalConstructor(record, types);
      if (constructor != null) {
        int index = record.getRecordComponents().indexOf(component);
        var parameter = constructor.getParameters().get(index);
        return hasNullable(parameter.getAnnotationMirrors())
            || hasNullable(parameter.asType().getAnnotationMirrors());
      }
      return false;
    }

    /** {@code @Nullable byte[]} with a type-use annotation lands on {@code byte}; accept it. */
    private static boolean arrayElementNullable(TypeMirror type) {
      return type instanceof ArrayType array
          && array.getComponentType().getKind().isPrimitive()
          && hasNullable(array.getComponentType().getAnnotationMirrors());
    }

    static boolean hasNullable(List<? extends AnnotationMirror> annotations) {
      for (AnnotationMirror annotation : annotations) {
        if (annotation.getAnnotationType().asElement().getSimpleName().contentEquals("Nullable")) {
          return true;
        }
      }
      return false;
    }

    static ExecutableElement canonicalConstructor(TypeElement record, Types types) {
      List<? extends RecordComponentElement> components = record.getRecordComponents();
      for (Element member : record.getEnclosedElements()) {
        if (member.getKind() != ElementKind.CONSTRUCTOR) {
          continue;
        }
        ExecutableElement constructor = (ExecutableElement) member;
        if (constructor.getParameters().size() != components.size()) {
          continue;
        }
        boolean matches = true;
        for (int i = 0; i < components.size() && matches; i++) {
          matches = types.isSameType(types.erasure(constructor.getParameters().get(i).asType()),
              types.erasure(components.get(i).asType()));
        }
        if (matches) {
          return constructor;
        }
      }
      return null;
    }
  }
}
