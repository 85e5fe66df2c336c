package dev.herald.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.herald.processor.testing.Compiler.assertError;
import static dev.herald.processor.testing.Compiler.assertSingleError;
import static dev.herald.processor.testing.Compiler.generatedSource;
import static dev.herald.processor.testing.Compiler.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.herald.processor.codegen.json.JsonCodecValidator;
import dev.herald.processor.diagnostics.Message;
import dev.herald.processor.diagnostics.Reporter;
import dev.herald.processor.testing.FirstRoundWriter;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The diagnostics about rounds: types that come late, or never. */
class RoundDiagnosticsTest {

  private static final JavaFileObject PAID = source("com.acme.Paid",
      "package com.acme;",
      "import dev.herald.annotations.*;",
      "@Event(\"payment:paid\")",
      "public record Paid(String invoiceId) {}");

  private static Compilation compile(boolean alone, FirstRoundWriter other,
      JavaFileObject... sources) {
    return Compiler.javac()
        .withProcessors(other, new HeraldProcessor(alone))
        .withOptions("-Xlint:all,-processing")
        .compile(sources);
  }

  @Test
  void anEventAnotherProcessorGeneratesAfterTheAggregatesIsAnErrorOnIt() {
    String text = "package com.acme;\n"
        + "@dev.herald.annotations.Event(\"payment:refunded\")\n"
        + "public record Refunded(String invoiceId) {}\n";
    Compilation compilation =
        compile(true, new FirstRoundWriter().writes("com.acme.Refunded", text), PAID);
    JavaFileObject refunded = generatedSource("com.acme.Refunded", text);
    assertSingleError(compilation, Message.CONTRACT_AFTER_AGGREGATES, refunded,
        "public record Refunded");
    assertThat(compilation).hadErrorContaining("put the processor that generates Refunded on the"
        + " same processor path");
  }

  /**
   * Plans the codecs of {@code com.acme.Booked}, then of {@code com.acme.Moved}, with one
   * validator: two rounds of a compiler that goes on after an error. javac does not (it stops
   * after the round with the first error), so a processor stands in for it.
   */
  static final class TwoCodecRounds extends AbstractProcessor {
    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!round.processingOver()) {
        JsonCodecValidator validator = new JsonCodecValidator(processingEnv);
        Reporter reporter = new Reporter(processingEnv.getMessager());
        for (String event : List.of("com.acme.Booked", "com.acme.Moved")) {
          reporter.print(validator.validate(
              List.of(processingEnv.getElementUtils().getTypeElement(event))).report());
        }
      }
      return false;
    }
  }

  @Test
  void aRecordThatReachesACodecThatFailedInAnEarlierRoundIsAnErrorOnIt() {
    JavaFileObject room = source("com.acme.Room",
        "package com.acme;",
        "public record Room(String number,",
        "    @Nullable int floor) {",
        "  @java.lang.annotation.Target(java.lang.annotation.ElementType.RECORD_COMPONENT)",
        "  @interface Nullable {}",
        "}");
    JavaFileObject booked = source("com.acme.Booked",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"room:booked\")",
        "public record Booked(Room room) {}");
    JavaFileObject moved = source("com.acme.Moved",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"room:moved\")",
        "public record Moved(Room room) {}");
    Compilation compilation = Compiler.javac()
        .withProcessors(new TwoCodecRounds())
        .compile(room, booked, moved);
    // The first error is the cause, in the round before: its own negative test is elsewhere.
    assertError(compilation, Message.CODEC_NOT_GENERATED, moved, "public record Moved", 2);
    assertThat(compilation).hadErrorContaining("[" + Message.CODEC_NULLABLE_PRIMITIVE.code() + "]")
        .inFile(room).onLineContaining("@Nullable int floor");
    assertThat(compilation).hadErrorContaining("No JSON codec can be generated for Moved: it"
        + " contains com.acme.Room, whose codec failed in an earlier round");
  }

  @Test
  void aTypeThatNeverAppearsIsAnErrorOnTheEventThatNeedsIt() {
    JavaFileObject placed = source("com.acme.Placed",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"order:placed\")",
        "public record Placed(String id,",
        "    NotGeneratedYet detail) {}");
    Compilation compilation = compile(false, new FirstRoundWriter(), placed);
    // javac reports the missing symbol too, once processing is over.
    assertError(compilation, Message.TYPE_NEVER_RESOLVED, placed, "public record Placed", 2);
    assertThat(compilation).hadErrorContaining("@Event record com.acme.Placed could not be"
        + " processed because the type NotGeneratedYet never became available");
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(placed)
        .onLineContaining("NotGeneratedYet detail");
  }
}
