package dev.herald.processor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;

/**
 * Compares a generated source with its golden copy in {@code src/test/resources/golden/}. Run the
 * tests with {@code -Dherald.golden.update=true} to rewrite the golden copies after an intended
 * change, then review the diff.
 */
public final class Golden {

  private static final Path DIRECTORY = Path.of("src", "test", "resources", "golden");
  private static final boolean UPDATE = Boolean.getBoolean("herald.golden.update");

  private Golden() {}

  public static void assertMatches(Compilation compilation, String qualifiedName, String golden) {
    JavaFileObject source = compilation.generatedSourceFile(qualifiedName)
        .orElseThrow(() -> new AssertionError("No generated source " + qualifiedName));
    String actual;
    try {
      actual = source.getCharContent(false).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path file = DIRECTORY.resolve(golden);
    try {
      if (UPDATE) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      assertThat(file).as("golden file %s (run with -Dherald.golden.update=true to create it)", file)
          .exists();
      assertThat(actual).as("%s compared with golden file %s; if the change is intended, run"
              + " with -Dherald.golden.update=true and review the diff", qualifiedName, file)
          .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
