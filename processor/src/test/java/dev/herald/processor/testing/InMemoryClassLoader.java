package dev.herald.processor.testing;

import static com.google.common.truth.Truth.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Loads the classes of an in-memory compilation, so tests can run generated code. Classes of the
 * test's own class path (the runtime, Jackson) come from the parent loader.
 */
public final class InMemoryClassLoader extends ClassLoader {

  private final Map<String, byte[]> classes = new HashMap<>();

  private InMemoryClassLoader(Compilation compilation) {
    super(InMemoryClassLoader.class.getClassLoader());
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      // Paths look like /CLASS_OUTPUT/com/acme/Foo.class
      String path = file.toUri().getPath();
      String relative = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length());
      String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
      try (InputStream in = file.openInputStream()) {
        classes.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A loader for a compilation that must have succeeded. */
  public static InMemoryClassLoader of(Compilation compilation) {
    assertThat(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
    return new InMemoryClassLoader(compilation);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = classes.get(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }

  /** Loads a class of the compilation, failing the test if it is absent. */
  public Class<?> load(String name) {
    try {
      return loadClass(name);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("The compilation produced no class " + name + "; it has " + classes.keySet(), e);
    }
  }

  /** Reads {@code public static final INSTANCE} of a generated class. */
  public Object instance(String className) {
    try {
      return load(className).getField("INSTANCE").get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(className + " has no public static INSTANCE field", e);
    }
  }
}
