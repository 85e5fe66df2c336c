package dev.herald.processor.versions;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.herald.processor.testing.Compiler.assertClean;
import static dev.herald.processor.testing.Compiler.assertError;
import static dev.herald.processor.testing.Compiler.assertSingleError;
import static dev.herald.processor.testing.Compiler.compile;
import static dev.herald.processor.testing.Compiler.source;

import com.google.testing.compile.Compilation;
import dev.herald.processor.diagnostics.Message;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Every rule about versions and {@code @Upcast} methods, one compile error (or its absence) each:
 * the message's code, the file and line, and the error count.
 */
class VersionDiagnosticsTest {

  /** {@code com.acme.Orders}: the given members inside a class, with Herald's annotations. */
  private static JavaFileObject orders(String... members) {
    List<String> lines = new ArrayList<>(List.of(
        "package com.acme;",
        "import dev.herald.annotations.*;",
        "import java.util.Optional;",
        "public final class Orders {",
        "  private Orders() {}"));
    lines.addAll(List.of(members));
    lines.add("}");
    return source("com.acme.Orders", lines.toArray(String[]::new));
  }

  private static final JavaFileObject NULLABLE = source("com.acme.Nullable",
      "package com.acme;",
      "import java.lang.annotation.*;",
      "@Retention(RetentionPolicy.CLASS)",
      "@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD,",
      "    ElementType.METHOD})",
      "public @interface Nullable {}");

  private static final String V1 =
      "  @Event(value = \"order:placed\") public record PlacedV1(String orderId, int cents) {}";
  private static final String V2 = "  @Event(value = \"order:placed\", version = 2)"
      + " public record PlacedV2(String orderId, long cents, String currency) {}";
  private static final String UPCAST = "  @Upcast static PlacedV2 toV2(PlacedV1 old) {"
      + " return new PlacedV2(old.orderId(), old.cents(), \"EUR\"); }";

  // ----- what compiles -----

  @Test
  void twoVersionsWithAnUpcasterCompileWithoutAnyWarning() {
    assertClean(compile(orders(V1, V2, UPCAST)));
  }

  @Test
  void aCompatibleVersionNeedsNoUpcaster() {
    assertClean(compile(NULLABLE, orders(V1,
        "  @Event(value = \"order:placed\", version = 2)",
        "  public record PlacedV2(String orderId, long cents, @Nullable String coupon,",
        "      Optional<String> referrer, @DefaultValue(\"EUR\") String currency) {}")));
  }

  @Test
  void aPublicUpcasterInAnotherPackageIsReachable() {
    JavaFileObject migrations = source("com.acme.migrate.Migrations",
        "package com.acme.migrate;",
        "import com.acme.Orders.*;",
        "import dev.herald.annotations.Upcast;",
        "public final class Migrations {",
        "  private Migrations() {}",
        "  @Upcast public static PlacedV2 toV2(PlacedV1 old) {",
        "    return new PlacedV2(old.orderId(), old.cents(), \"EUR\");",
        "  }",
        "}");
    assertClean(compile(orders(V1, V2), migrations));
  }

  // ----- the upcaster itself -----

  @Test
  void upcasterMustBeStatic() {
    JavaFileObject file = orders(V1, V2,
        "  @Upcast PlacedV2 toV2(PlacedV1 old) {",
        "    return new PlacedV2(old.orderId(), old.cents(), \"EUR\");",
        "  }");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.UPCAST_NOT_STATIC, file, "@Upcast PlacedV2 toV2(");
    assertThat(compilation).hadErrorContaining(
        "@Upcast method Orders.toV2(PlacedV1) must be static");
  }

  @Test
  void upcasterMustNotBePrivate() {
    JavaFileObject file = orders(V1, V2,
        "  @Upcast private static PlacedV2 toV2(PlacedV1 old) {",
        "    return new PlacedV2(old.orderId(), old.cents(), \"EUR\");",
        "  }");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.UPCAST_UNREACHABLE, file, "private static PlacedV2");
    assertThat(compilation).hadErrorContaining("in package 'com.acme': it is private");
  }

  @Test
  void upcasterMustNotBeInAnInnerClass() {
    JavaFileObject file = orders(V1, V2,
        "  final class Migrations {",
        "    @Upcast static PlacedV2 toV2(PlacedV1 old) {",
        "      return new PlacedV2(old.orderId(), old.cents(), \"EUR\");",
        "    }",
        "  }");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.UPCAST_UNREACHABLE, file, "@Upcast static PlacedV2");
    assertThat(compilation).hadErrorContaining("it is in Migrations, an inner class");
  }

  @Test
  void upcasterMustNotBeInAPrivateClass() {
    JavaFileObject file = orders(V1, V2,
        "  private static final class Migrations {",
        "    @Upcast static PlacedV2 toV2(PlacedV1 old) {",
        "      return new PlacedV2(old.orderId(), old.cents(), \"EUR\");",
        "    }",
        "  }");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.UPCAST_UNREACHABLE, file, "@Upcast static PlacedV2");
    assertThat(compilation).hadErrorContaining("it is in Migrations, which is private");
  }

  @Test
  void upcasterInAnotherPackageMustBePublic() {
    JavaFileObject migrations = source("com.acme.migrate.Migrations",
        "package com.acme.migrate;",
        "import com.acme.Orders.*;",
        "import dev.herald.annotations.Upcast;",
        "public final class Migrations {",
        "  private Migrations() {}",
        "  @Upcast static PlacedV2 toV2(PlacedV1 old) {",
        "    return new PlacedV2(old.orderId(), old.cents(), \"EUR\");",
        "  }",
        "}");
    Compilation compilation = compile(orders(V1, V2), migrations);
    assertSingleError(compilation, Message.UPCAST_UNREACHABLE, migrations,
        "@Upcast static PlacedV2");
    assertThat(compilation).hadErrorContaining("it is not public, and in another package");
  }

  @Test
  void upcasterTakesOneEvent() {
    JavaFileObject file = orders(V1, V2,
        "  @Upcast static PlacedV2 toV2(PlacedV1 old, String currency) {",
        "    return new PlacedV2(old.orderId(), old.cents(), currency);",
        "  }");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.UPCAST_SIGNATURE, file, "@Upcast static PlacedV2");
    assertThat(compilation).hadErrorContaining("toV2(PlacedV1, String) takes 2 parameters");
  }

  @Test
  void upcasterReturnsAnEvent() {
    JavaFileObject file = orders(V1, V2,
        "  @Upcast static String toV2(PlacedV1 old) {",
        "    return old.orderId();",
        "  }");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.UPCAST_SIGNATURE, file, "@Upcast static String");
    assertThat(compilation).hadErrorContaining(
        "returns java.lang.String, which is not an @Event record");
  }

  @Test
  void upcasterDeclaresNoCheckedException() {
    JavaFileObject file = orders(V1, V2,
        "  @Upcast static PlacedV2 toV2(PlacedV1 old) throws java.io.IOException {",
        "    return new PlacedV2(old.orderId(), old.cents(), \"EUR\");",
        "  }");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.UPCAST_SIGNATURE, file, "@Upcast static PlacedV2");
    assertThat(compilation)
        .hadErrorContaining("declares the checked exception java.io.IOException");
  }

  @Test
  void upcasterUsesEventsOfThisCompilation() {
    JavaFileObject file = orders(V1,
        "  @Event(value = \"Order Placed\", version = 2)",
        "  public record PlacedV2(String orderId, long cents, String currency) {}",
        UPCAST);
    Compilation compilation = compile(file);
    // The invalid name is reported on the record, the upcaster that uses it on the method.
    assertError(compilation, Message.UPCAST_OUTSIDE_COMPILATION, file, "@Upcast static PlacedV2",
        2);
    assertThat(compilation).hadErrorContaining("[Herald/InvalidEventName]");
  }

  @Test
  void anUpcasterWithoutAnyEventIsOutsideItsCompilation() {
    JavaFileObject file = source("com.acme.Migrations",
        "package com.acme;",
        "import dev.herald.annotations.Upcast;",
        "final class Migrations {",
        "  record Old(String id) {}",
        "  record New(String id) {}",
        "  @Upcast static New toNew(Old old) {",
        "    return new New(old.id());",
        "  }",
        "}");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.UPCAST_OUTSIDE_COMPILATION, file, "@Upcast static New");
    assertThat(compilation).hadErrorContaining("uses com.acme.Migrations.Old");
  }

  @Test
  void upcasterNeverRenames() {
    JavaFileObject file = orders(V1,
        "  @Event(value = \"order:booked\", version = 2)",
        "  public record PlacedV2(String orderId, long cents, String currency) {}",
        UPCAST);
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.UPCAST_ACROSS_NAMES, file, "@Upcast static PlacedV2");
    assertThat(compilation).hadErrorContaining(
        "turns \"order:placed\" into \"order:booked\"");
  }

  @Test
  void upcasterGoesForward() {
    JavaFileObject file = orders(V1, V2,
        "  @Upcast static PlacedV1 toV1(PlacedV2 newer) {",
        "    return new PlacedV1(newer.orderId(), (int) newer.cents());",
        "  }",
        UPCAST);
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.UPCAST_BACKWARDS, file, "@Upcast static PlacedV1");
    assertThat(compilation).hadErrorContaining(
        "turns \"order:placed\" v2 into \"order:placed\" v1, which is not newer");
  }

  @Test
  void upcasterTakesOneStep() {
    JavaFileObject file = orders(V1, V2, UPCAST,
        "  @Event(value = \"order:placed\", version = 3)",
        "  public record PlacedV3(String orderId, long cents, String currency) {}",
        "  @Upcast static PlacedV3 toV3(PlacedV1 old) {",
        "    return new PlacedV3(old.orderId(), old.cents(), \"EUR\");",
        "  }");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.UPCAST_SKIPS_VERSION, file, "@Upcast static PlacedV3");
    assertThat(compilation).hadErrorContaining("skipping \"order:placed\" v2");
  }

  @Test
  void oneUpcasterPerStep() {
    JavaFileObject file = orders(V1, V2, UPCAST,
        "  @Upcast static PlacedV2 again(PlacedV1 old) {",
        "    return new PlacedV2(old.orderId(), old.cents(), \"CHF\");",
        "  }");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.UPCAST_DUPLICATE, file, "@Upcast static PlacedV2 again");
    assertThat(compilation).hadErrorContaining(
        "\"order:placed\" v1 has two @Upcast methods to v2, Orders.toV2(PlacedV1) and"
            + " Orders.again(PlacedV1)");
  }

  // ----- the chain of versions -----

  @Test
  void versionsHaveNoGaps() {
    JavaFileObject file = orders(V1,
        "  @Event(value = \"order:placed\", version = 3)",
        "  public record PlacedV3(String orderId, int cents) {}");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.VERSION_GAP, file, "public record PlacedV3");
    assertThat(compilation).hadErrorContaining(
        "version 2 of \"order:placed\" is not: versions are numbered without gaps");
  }

  @Test
  void aBreakingVersionWithoutUpcasterLeavesTheOldOneWithoutPath() {
    JavaFileObject file = orders(V1,
        "  @Event(value = \"order:placed\", version = 2)",
        "  public record PlacedV2(String orderId) {}");
    Compilation compilation = compile(file);
    // One error where the chain breaks (the old version), one per reason (on the new one).
    assertError(compilation, Message.NO_PATH_TO_NEWEST, file, "public record PlacedV1", 2);
    assertThat(compilation).hadErrorContaining("\"order:placed\" v1 (PlacedV1) has no path to the"
        + " newest version, 2: no @Upcast method turns it into v2 (PlacedV2)");
    assertThat(compilation)
        .hadErrorContaining("write '@Upcast static PlacedV2 upcast(PlacedV1 old)'");
  }

  @Test
  void aRemovedComponentNeedsAnUpcaster() {
    JavaFileObject file = orders(V1,
        "  @Event(value = \"order:placed\", version = 2)",
        "  public record PlacedV2(String orderId) {}");
    Compilation compilation = compile(file);
    assertError(compilation, Message.COMPONENT_REMOVED, file, "public record PlacedV2", 2);
    assertThat(compilation).hadErrorContaining(
        "PlacedV2 (\"order:placed\" v2) drops component 'cents' of v1 (PlacedV1)");
  }

  @Test
  void anIncompatibleTypeChangeNeedsAnUpcaster() {
    JavaFileObject file = orders(V1,
        "  @Event(value = \"order:placed\", version = 2)",
        "  public record PlacedV2(String orderId,",
        "      String cents) {}");
    Compilation compilation = compile(file);
    assertError(compilation, Message.COMPONENT_TYPE_CHANGED, file, "String cents", 2);
    assertThat(compilation).hadErrorContaining(
        "Component 'cents' of PlacedV2 (\"order:placed\" v2) has type java.lang.String, but int"
            + " in v1 (PlacedV1)");
  }

  @Test
  void aLosslessWideningIsCompatible() {
    assertClean(compile(orders(V1,
        "  @Event(value = \"order:placed\", version = 2)",
        "  public record PlacedV2(String orderId, double cents) {}")));
  }

  @Test
  void aComponentMadeRequiredNeedsADefaultOrAnUpcaster() {
    JavaFileObject file = orders(
        "  @Event(\"order:placed\")",
        "  public record PlacedV1(String orderId, @Nullable String note) {}",
        "  @Event(value = \"order:placed\", version = 2)",
        "  public record PlacedV2(String orderId,",
        "      String note) {}");
    Compilation compilation = compile(NULLABLE, file);
    assertError(compilation, Message.COMPONENT_NOW_REQUIRED, file, "      String note) {}", 2);
    assertThat(compilation).hadErrorContaining(
        "Component 'note' of PlacedV2 (\"order:placed\" v2) is required, but may be null in v1");
  }

  @Test
  void aNewRequiredComponentNeedsADefaultOrAnUpcaster() {
    JavaFileObject file = orders(V1,
        "  @Event(value = \"order:placed\", version = 2)",
        "  public record PlacedV2(String orderId, int cents,",
        "      String currency) {}");
    Compilation compilation = compile(file);
    assertError(compilation, Message.REQUIRED_COMPONENT_ADDED, file, "String currency) {}", 2);
    assertThat(compilation).hadErrorContaining("Component 'currency' of PlacedV2"
        + " (\"order:placed\" v2) is new in v2 and required, so a v1 document (PlacedV1) cannot"
        + " be read as v2; give it a default");
  }

  @Test
  void aDefaultValueMustFitItsType() {
    JavaFileObject file = orders(V1,
        "  @Event(value = \"order:placed\", version = 2)",
        "  public record PlacedV2(String orderId, int cents,",
        "      @DefaultValue(\"many\") int items) {}");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.DEFAULT_VALUE_INVALID, file, "int items) {}");
    assertThat(compilation).hadErrorContaining(
        "@DefaultValue(\"many\") on component 'items' of PlacedV2 is not a valid int");
  }

  @Test
  void aDefaultValueNeedsATypeWithALiteralForm() {
    JavaFileObject file = orders(V1,
        "  @Event(value = \"order:placed\", version = 2)",
        "  public record PlacedV2(String orderId, int cents,",
        "      @DefaultValue(\"[]\") java.util.List<String> tags) {}");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.DEFAULT_VALUE_INVALID, file, "tags) {}");
    assertThat(compilation).hadErrorContaining("which has no literal form");
  }
}
