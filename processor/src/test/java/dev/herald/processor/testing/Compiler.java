package dev.herald.processor.testing;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.herald.processor.HeraldProcessor;
import dev.herald.processor.diagnostics.Message;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** Compiles sources in memory with Herald's processor, the way a user's build would. */
public final class Compiler {

  private Compiler() {}

  /** A source file; {@code name} is the class's qualified name. */
  public static JavaFileObject source(String name, String... lines) {
    return JavaFileObjects.forSourceLines(name, lines);
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

  /** Asserts exactly one error, with {@code message}'s code, in {@code file} on the line containing {@code line}. */
  public static void assertSingleError(
      Compilation compilation, Message message, JavaFileObject file, String line) {
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[" + message.code() + "]").inFile(file)
        .onLineContaining(line);
  }

  /** Asserts success with no warnings at all. */
  public static void assertClean(Compilation compilation) {
    assertThat(compilation).succeededWithoutWarnings();
  }
}
