package dev.herald.processor.codegen;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.tools.FileObject;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/** Writes generated sources and resources through javac's {@link Filer}. */
public final class SourceFiles {

  private final Filer filer;

  public SourceFiles(Filer filer) {
    this.filer = filer;
  }

  /** Writes {@code file}, with the originating elements its type names. */
  public void write(JavaFile file) {
    try {
      // As JavaFile.writeTo(Filer), but rendered into memory first and written in one call: the
      // Filer's writer encodes every small piece JavaPoet appends otherwise.
      StringBuilder text = new StringBuilder(8192);
      file.writeTo(text);
      String name = file.packageName().isEmpty()
          ? file.typeSpec().name()
          : file.packageName() + "." + file.typeSpec().name();
      JavaFileObject source = filer.createSourceFile(
          name, file.typeSpec().originatingElements().toArray(new Element[0]));
      try (Writer writer = source.openWriter()) {
        writer.append(text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + file.packageName() + "."
          + file.typeSpec().name(), e);
    }
  }

  /** Writes a resource of the class output, such as a {@code META-INF/services} file. */
  public void writeResource(String path, String text, List<? extends Element> originating) {
    try {
      FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", path,
          originating.toArray(Element[]::new));
      try (Writer writer = file.openWriter()) {
        writer.write(text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + path, e);
    }
  }
}
