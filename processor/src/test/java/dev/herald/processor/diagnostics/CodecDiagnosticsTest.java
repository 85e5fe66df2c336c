package dev.herald.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.herald.processor.testing.Compiler.assertSingleError;
import static dev.herald.processor.testing.Compiler.assertSingleNote;
import static dev.herald.processor.testing.Compiler.compile;
import static dev.herald.processor.testing.Compiler.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.herald.processor.HeraldProcessor;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The codec rules about a component's type, one diagnostic each. */
class CodecDiagnosticsTest {

  private static final JavaFileObject MONEY = source("com.acme.pay.Money",
      "package com.acme.pay;",
      "/** Not a record: Herald's codecs do not cover it, databind does (public fields). */",
      "public final class Money {",
      "  public String currency;",
      "  public long cents;",
      "}");

  private static final JavaFileObject PAID = source("com.acme.pay.Paid",
      "package com.acme.pay;",
      "import dev.herald.annotations.Event;",
      "@Event(\"payment:paid\")",
      "public record Paid(String id,",
      "    Money amount) {}");

  @Test
  void aTypeTheCodecDoesNotCoverIsANoteAboutTheDatabindFallback() {
    Compilation compilation = compile(MONEY, PAID);
    assertSingleNote(compilation, Message.CODEC_DATABIND_FALLBACK, PAID, "Money amount");
    assertThat(compilation).hadNoteContaining("keep jackson-databind on the class path");
  }

  @Test
  void withoutDatabindOnTheClassPathTheFallbackIsAnError() {
    List<File> classPath = Arrays.stream(
            System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains("jackson-databind"))
        .map(File::new)
        .toList();
    Compilation compilation = Compiler.javac()
        .withProcessors(new HeraldProcessor())
        .withOptions("-Xlint:all,-processing")
        .withClasspath(classPath)
        .compile(MONEY, PAID);
    assertSingleError(compilation, Message.CODEC_DATABIND_MISSING, PAID, "Money amount");
    assertThat(compilation).hadErrorContaining("add com.fasterxml.jackson.core:jackson-databind");
  }

  @Test
  void aTypeTheCodecsPackageCannotNameIsAnError() {
    JavaFileObject file = source("com.acme.Alarms",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "public class Alarms {",
        "  private enum Level { LOW, HIGH }",
        "  @Event(\"alarm:raised\")",
        "  public record Raised(String id,",
        "      Level level) {}",
        "}");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.CODEC_TYPE_INACCESSIBLE, file, "Level level");
    assertThat(compilation).hadErrorContaining("Type com.acme.Alarms.Level, used by component"
        + " 'level' of Raised, is not accessible from the generated codec in package 'com.acme'");
  }

  @Test
  void freeFormComponentsNeedNoDatabind() {
    JavaFileObject file = source("com.acme.Logged",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "import dev.herald.annotations.ExactDecimals;",
        "import java.util.List;",
        "import java.util.Map;",
        "@Event(\"audit:logged\")",
        "public record Logged(Object input, Map<String, Object> metadata,",
        "    List<Object> tags, @ExactDecimals Map<String, List<Object>> prices) {}");
    Compilation compilation = withoutDatabind().compile(file);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.acme.LoggedJsonCodec")
        .contentsAsUtf8String().contains("JsonSupport.FREE_FORM_EXACT");
  }

  @Test
  void exactDecimalsOnAComponentWithoutFreeFormJsonIsAnError() {
    JavaFileObject file = source("com.acme.Priced",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "import dev.herald.annotations.ExactDecimals;",
        "import java.util.Map;",
        "@Event(\"quote:priced\")",
        "public record Priced(String id,",
        "    @ExactDecimals Map<String, Double> prices) {}");
    Compilation compilation = compile(file);
    assertSingleError(compilation, Message.CODEC_EXACT_DECIMALS_UNUSED, file,
        "Map<String, Double> prices");
    assertThat(compilation).hadErrorContaining("Component 'prices' of Priced is annotated"
        + " @ExactDecimals but its type java.util.Map<java.lang.String, java.lang.Double> holds"
        + " no free-form value");
  }

  private static Compiler withoutDatabind() {
    List<File> classPath = Arrays.stream(
            System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains("jackson-databind"))
        .map(File::new)
        .toList();
    return Compiler.javac()
        .withProcessors(new HeraldProcessor())
        .withOptions("-Xlint:all,-processing", "-Werror")
        .withClasspath(classPath);
  }
}
