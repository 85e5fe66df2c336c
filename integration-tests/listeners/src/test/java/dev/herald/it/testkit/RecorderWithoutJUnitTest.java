package dev.herald.it.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The recorder needs no JUnit: junit-jupiter-api is an optional dependency of herald-runtime. */
class RecorderWithoutJUnitTest {

  @Test
  void theRecorderWorksWithoutJUnitOnTheClassPath() throws Exception {
    List<URL> withoutJUnit = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (!name.startsWith("junit-") && !name.startsWith("opentest4j")
          && !name.startsWith("apiguardian") && !name.startsWith("assertj")) {
        withoutJUnit.add(Path.of(entry).toUri().toURL());
      }
    }
    try (URLClassLoader loader = new URLClassLoader(withoutJUnit.toArray(URL[]::new),
        ClassLoader.getPlatformClassLoader())) {
      @SuppressWarnings("unchecked") // WithoutJUnit is a Supplier<String>, from java.base
      Supplier<String> scenario = (Supplier<String>) loader
          .loadClass(WithoutJUnit.class.getName()).getConstructor().newInstance();

      assertThat(scenario.get()).startsWith("""
          Pong[n=1]; Expected test:pong not to be published, but it was published 1 time:
            1. test:pong Pong[n=1] correlation evt_""");
    }
  }
}
