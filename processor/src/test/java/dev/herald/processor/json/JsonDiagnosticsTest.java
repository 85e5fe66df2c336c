package dev.herald.processor.json;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.herald.processor.json.CodecHarness.decode;
import static dev.herald.processor.json.CodecHarness.json;
import static dev.herald.processor.testing.Compiler.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.herald.processor.HeraldProcessor;
import dev.herald.processor.diagnostics.Message;
import dev.herald.processor.testing.Compiler;
import dev.herald.runtime.generated.JsonCodec;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** What the processor says about components, and the databind fallback at work. */
class JsonDiagnosticsTest {

  private static final JavaFileObject MONEY = source("com.acme.pay.Money",
      "package com.acme.pay;",
      "import java.util.Objects;",
      "/** Not a record: Herald's codecs do not cover it, databind does (public fields). */",
      "public final class Money {",
      "  public String currency;",
      "  public long cents;",
      "  public Money() {}",
      "  public Money(String currency, long cents) {",
      "    this.currency = currency;",
      "    this.cents = cents;",
      "  }",
      "  @Override public boolean equals(Object o) {",
      "    return o instanceof Money m && Objects.equals(currency, m.currency) && cents == m.cents;",
      "  }",
      "  @Override public int hashCode() { return Objects.hash(currency, cents); }",
      "}");

  private static final JavaFileObject PAID = source("com.acme.pay.Paid",
      "package com.acme.pay;",
      "import dev.herald.annotations.Event;",
      "import java.util.List;",
      "import java.util.Map;",
      "@Event(\"payment:paid\")",
      "public record Paid(String id,",
      "    Money amount,",
      "    Map<String, List<Money>> refunds) {}");

  @Test
  void databindFallbackIsANoteOnTheComponentAndWorks() throws Exception {
    Compilation compilation = Compiler.compile(MONEY, PAID);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .hadNoteContaining(Message.CODEC_DATABIND_FALLBACK.format("amount", "Paid",
            "com.acme.pay.Money"))
        .inFile(PAID).onLineContaining("Money amount");
    assertThat(compilation)
        .hadNoteContaining("[" + Message.CODEC_DATABIND_FALLBACK.code() + "] Component 'refunds'")
        .inFile(PAID).onLineContaining("refunds");

    CodecHarness harness = CodecHarness.wrap(compilation);
    Object eur = harness.loader.load("com.acme.pay.Money")
        .getConstructor(String.class, long.class).newInstance("EUR", 1250L);
    Record paid = harness.record("com.acme.pay.Paid", "p-1", eur, Map.of("r", List.of(eur)));
    JsonCodec<Record> codec = harness.codec("com.acme.pay.Paid");
    String json = "{\"id\":\"p-1\",\"amount\":{\"currency\":\"EUR\",\"cents\":1250},"
        + "\"refunds\":{\"r\":[{\"currency\":\"EUR\",\"cents\":1250}]}}";
    assertThat(json(codec, paid)).isEqualTo(json);
    assertThat(decode(codec, json)).isEqualTo(paid);
  }

  @Test
  void databindFallbackNoteCanBeSuppressed() {
    JavaFileObject quiet = source("com.acme.pay.Paid",
        "package com.acme.pay;",
        "import dev.herald.annotations.Event;",
        "@SuppressWarnings(\"herald:databind-fallback\")",
        "@Event(\"payment:paid\")",
        "public record Paid(String id, Money amount) {}");
    Compilation compilation = Compiler.compile(MONEY, quiet);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation.notes().stream()
        .map(d -> d.getMessage(null))
        .filter(m -> m.contains(Message.CODEC_DATABIND_FALLBACK.code()))).isEmpty();
  }

  @Test
  void withoutDatabindTheFallbackIsAnError() {
    List<File> classPath = Arrays.stream(
            System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains("jackson-databind"))
        .map(File::new)
        .toList();
    Compilation compilation = com.google.testing.compile.Compiler.javac()
        .withProcessors(new HeraldProcessor())
        .withClasspath(classPath)
        .compile(MONEY, PAID);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(Message.CODEC_DATABIND_MISSING.format("amount", "Paid",
            "com.acme.pay.Money"))
        .inFile(PAID).onLineContaining("Money amount");
  }

  @Test
  void nullablePrimitiveIsAnError() {
    JavaFileObject event = source("com.acme.Counted",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"counted\")",
        "public record Counted(String id,",
        "    @Nullable int count) {",
        "  @java.lang.annotation.Target(java.lang.annotation.ElementType.RECORD_COMPONENT)",
        "  @interface Nullable {}",
        "}");
    Compiler.assertSingleError(Compiler.compile(event), Message.CODEC_NULLABLE_PRIMITIVE, event,
        "@Nullable int count");
  }

  @Test
  void inaccessibleNestedRecordIsAnError() {
    JavaFileObject event = source("com.acme.Booked",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "public class Booked {",
        "  private record Room(String number) {}",
        "  @Event(\"room:booked\")",
        "  public record RoomBooked(String id,",
        "      Room room) {}",
        "}");
    JavaFileObject other = source("com.acme.Cancelled",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"room:cancelled\")",
        "public record Cancelled(String id) {}");
    Compilation compilation = Compiler.compile(event, other);
    // One error and no follow-up ones: no codec refers to the missing RoomBooked codec.
    Compiler.assertSingleError(compilation, Message.CODEC_RECORD_INACCESSIBLE, event,
        "Room room");
  }

  @Test
  void packagePrivateEnumInTheSamePackageIsFine() {
    JavaFileObject enums = source("com.acme.other.Level",
        "package com.acme.other;",
        "enum Level { LOW, HIGH }");
    JavaFileObject holder = source("com.acme.other.Levels",
        "package com.acme.other;",
        "public final class Levels {",
        "  private Levels() {}",
        "  public static Object low() { return Level.LOW; }",
        "}");
    JavaFileObject event = source("com.acme.other.Alarm",
        "package com.acme.other;",
        "import dev.herald.annotations.Event;",
        "import java.util.List;",
        "@Event(\"alarm:raised\")",
        "public record Alarm(String id,",
        "    List<Level> levels) {}");
    assertThat(Compiler.compile(enums, holder, event)).succeededWithoutWarnings();
  }

  @Test
  void reachedRecordsGetOneCodecEachNamedAfterTheirNesting() {
    JavaFileObject event = source("com.acme.Outer",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "import java.util.*;",
        "public interface Outer {",
        "  interface Inner {",
        "    record Leaf(String v) {}",
        "  }",
        "  @Event(\"a:one\") record One(Inner.Leaf leaf, List<Inner.Leaf> leaves) {}",
        "  @Event(\"a:two\") record Two(Optional<Inner.Leaf> leaf, One one) {}",
        "}");
    Compilation compilation = Compiler.compile(event);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation.generatedSourceFiles().stream()
            .map(f -> f.getName())
            .filter(n -> n.endsWith("JsonCodec.java"))
            .sorted())
        .containsExactly("/SOURCE_OUTPUT/com/acme/Outer_Inner_LeafJsonCodec.java",
            "/SOURCE_OUTPUT/com/acme/Outer_OneJsonCodec.java",
            "/SOURCE_OUTPUT/com/acme/Outer_TwoJsonCodec.java");
  }
}
