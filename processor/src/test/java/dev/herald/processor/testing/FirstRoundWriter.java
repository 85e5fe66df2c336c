package dev.herald.processor.testing;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Stands for another annotation processor (AutoValue, Immutables) that writes types in its first
 * round: it writes the given sources, in order, then nothing more.
 */
public final class FirstRoundWriter extends AbstractProcessor {

  private final Map<String, String> sources = new LinkedHashMap<>();
  private boolean done;

  /** Adds a source to write: its type's qualified name and its text. */
  public FirstRoundWriter writes(String qualifiedName, String text) {
    sources.put(qualifiedName, text);
    return this;
  }

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
    if (done) {
      return false;
    }
    done = true;
    sources.forEach((name, text) -> {
      try (Writer writer = processingEnv.getFiler().createSourceFile(name).openWriter()) {
        writer.write(text);
      } catch (IOException e) {
        throw new IllegalStateException("Could not write " + name, e);
      }
    });
    return false;
  }
}
