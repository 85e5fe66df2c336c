package dev.herald.processor.testing;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.herald.processor.HeraldProcessor;
import dev.herald.processor.diagnostics.Message;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;

/** Compiles sources in memory with Herald's processor, the way a user's build would. */
public final class Compiler {

  private Compiler() {}

  /** A source file; {@code name} is the class's qualified name. */
  public static JavaFileObject source(String name, String... lines) {
    return JavaFileObjects.forSourceLines(name, lines);
  }

  /**
   * The source another processor generates, as diagnostics name it: the compilation's own copy is
   * unavailable once it failed.
   */
  public static JavaFileObject generatedSource(String name, String text) {
    URI uri = URI.create("mem:///SOURCE_OUTPUT/" + name.replace('.', '/') + ".java");
    return new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return text;
      }

      @Override
      public InputStream openInputStream() {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
      }
    };
  }

  /** Compiles with all lint warnings on and checks that the processor never crashed. */
  public static Compilation compile(JavaFileObject... sources) {
    return compile(new String[0], sources);
  }

  public static Compilation compile(String[] options, JavaFileObject... sources) {
    String[] all = new String[options.length + 1];
    all[0] = "-Xlint:all,-processing";
    System.arraycopy(options, 0, all, 1, options.length);
    Compilation compilation = com.google.testing.compile.Compiler.javac()
        .withProcessors(new HeraldProcessor())
        .withOptions((Object[]) all)
        .compile(sources);
    for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
      assertWithMessage("the processor crashed")
          .that(diagnostic.getMessage(Locale.ROOT))
          .doesNotContain(Message.INTERNAL_ERROR.code());
    }
    return compilation;
  }

  /**
   * The negative test of an error: the compilation failed with exactly one error, which has
   * {@code message}'s code and is in {@code file} on the line containing {@code line}.
   */
  public static void assertSingleError(
      Compilation compilation, Message message, JavaFileObject file, String line) {
    assertError(compilation, message, file, line, 1);
  }

  /**
   * As {@link #assertSingleError}, for a compilation with {@code errorCount} errors in all (javac's
   * own, or Herald's on other elements).
   */
  public static void assertError(Compilation compilation, Message message, JavaFileObject file,
      String line, int errorCount) {
    assertKind(message, Diagnostic.Kind.ERROR);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(errorCount);
    assertThat(compilation).hadErrorContaining("[" + message.code() + "]").inFile(file)
        .onLineContaining(line);
  }

  /**
   * The negative test of a warning: the compilation succeeded with exactly one warning, which has
   * {@code message}'s code and is in {@code file} on the line containing {@code line}.
   */
  public static void assertSingleWarning(
      Compilation compilation, Message message, JavaFileObject file, String line) {
    assertKind(message, Diagnostic.Kind.WARNING);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation).hadWarningContaining("[" + message.code() + "]").inFile(file)
        .onLineContaining(line);
  }

  /**
   * The negative test of a note: the compilation succeeded without errors or warnings, with
   * exactly one note, which has {@code message}'s code and is in {@code file} on the line
   * containing {@code line}.
   */
  public static void assertSingleNote(
      Compilation compilation, Message message, JavaFileObject file, String line) {
    assertKind(message, Diagnostic.Kind.NOTE);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).hadNoteCount(1);
    assertThat(compilation).hadNoteContaining("[" + message.code() + "]").inFile(file)
        .onLineContaining(line);
  }

  private static void assertKind(Message message, Diagnostic.Kind kind) {
    assertWithMessage("the kind of %s", message).that(message.kind()).isEqualTo(kind);
  }

  /** Asserts success with no warnings at all. */
  public static void assertClean(Compilation compilation) {
    assertThat(compilation).succeededWithoutWarnings();
  }
}
