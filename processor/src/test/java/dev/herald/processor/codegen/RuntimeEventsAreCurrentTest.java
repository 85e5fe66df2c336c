package dev.herald.processor.codegen;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.herald.processor.testing.Compiler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The runtime's own events are compiled without the processor (the processor's build needs the
 * runtime first), so their generated sources are checked in. This test regenerates them and fails
 * when the checked-in copies are stale; {@code -Dherald.golden.update=true} rewrites them.
 */
class RuntimeEventsAreCurrentTest {

  private static final Path EVENTS =
      Path.of("..", "runtime", "src", "main", "java", "dev", "herald", "runtime", "events");
  private static final List<String> RECORDS = List.of("DeliveryFailed", "DeliveryDeadLettered");

  @Test
  void checkedInGeneratedSourcesMatchTheProcessor() throws IOException {
    JavaFileObject[] sources = RECORDS.stream()
        .map(name -> fileObject("dev.herald.runtime.events." + name, EVENTS.resolve(name + ".java")))
        .toArray(JavaFileObject[]::new);
    Compilation compilation = Compiler.compile(sources);
    assertThat(compilation).succeededWithoutWarnings();

    List<JavaFileObject> generated = compilation.generatedSourceFiles();
    assertThat(generated).isNotEmpty();
    for (JavaFileObject file : generated) {
      String name = Path.of(file.toUri().getPath()).getFileName().toString();
      Path checkedIn = EVENTS.resolve(name);
      String expected = file.getCharContent(false).toString();
      if (Boolean.getBoolean("herald.golden.update")) {
        Files.writeString(checkedIn, expected, StandardCharsets.UTF_8);
        continue;
      }
      assertThat(checkedIn).as("generated %s is checked in", name).exists();
      assertThat(Files.readString(checkedIn, StandardCharsets.UTF_8))
          .as("%s is stale; rerun with -Dherald.golden.update=true and commit", checkedIn)
          .isEqualTo(expected);
    }
    try (Stream<Path> files = Files.list(EVENTS)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("every file in %s is a record, package-info or generated", EVENTS)
          .allMatch(f -> f.equals("package-info.java")
              || RECORDS.contains(f.replace(".java", ""))
              || generated.stream().anyMatch(g -> g.toUri().getPath().endsWith("/" + f)));
    }
  }

  private static JavaFileObject fileObject(String name, Path path) {
    try {
      return JavaFileObjects.forSourceString(name, Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("Cannot read " + path.toAbsolutePath(), e);
    }
  }
}
