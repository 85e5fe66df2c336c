package dev.herald.processor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;

/** What javac can find on the processor path besides Herald. */
final class ProcessorPath {

  static final String SERVICES = "META-INF/services/javax.annotation.processing.Processor";

  private ProcessorPath() {}

  /**
   * Whether every processor registered on {@code herald}'s class loader (the processor path, where
   * javac looks them up) is Herald itself. Reads the service files without loading any class;
   * anything unreadable counts as another processor, so that Herald waits.
   */
  static boolean heraldIsAlone(Class<?> herald) {
    ClassLoader loader = herald.getClassLoader();
    if (loader == null) {
      return false;
    }
    try {
      Enumeration<URL> files = loader.getResources(SERVICES);
      while (files.hasMoreElements()) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
            files.nextElement().openStream(), StandardCharsets.UTF_8))) {
          for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            int comment = line.indexOf('#');
            String name = (comment < 0 ? line : line.substring(0, comment)).trim();
            if (!name.isEmpty() && !name.equals(herald.getName())) {
              return false;
            }
          }
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
