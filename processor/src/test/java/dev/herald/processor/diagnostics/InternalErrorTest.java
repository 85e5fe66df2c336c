package dev.herald.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.herald.processor.testing.Compiler.assertError;
import static dev.herald.processor.testing.Compiler.assertSingleError;
import static dev.herald.processor.testing.Compiler.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.herald.processor.HeraldProcessor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A failure inside the processor is a clear error on the element being processed, never a javac
 * crash, and stops that element only.
 */
class InternalErrorTest {

  /**
   * Runs Herald with a Filer that fails the way a bug would, with an unexpected exception, when
   * asked for a source whose name {@code breaks}; it records the sources it did create.
   */
  static final class BrokenFilerProcessor extends AbstractProcessor {
    private final HeraldProcessor herald = new HeraldProcessor();
    private final Predicate<String> breaks;
    final List<String> created = new ArrayList<>();

    BrokenFilerProcessor(Predicate<String> breaks) {
      this.breaks = breaks;
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      Filer filer = env.getFiler();
      Filer broken = (Filer) Proxy.newProxyInstance(Filer.class.getClassLoader(),
          new Class<?>[] {Filer.class}, (proxy, method, args) -> {
            if (method.getName().equals("createSourceFile")) {
              String name = args[0].toString();
              if (breaks.test(name)) {
                throw new IllegalStateException("simulated failure in createSourceFile " + name);
              }
              created.add(name);
            }
            return invoke(method, filer, args);
          });
      herald.init((ProcessingEnvironment) Proxy.newProxyInstance(
          ProcessingEnvironment.class.getClassLoader(), new Class<?>[] {ProcessingEnvironment.class},
          (proxy, method, args) -> method.getName().equals("getFiler")
              ? broken
              : invoke(method, env, args)));
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
        throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return herald.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return herald.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return herald.process(annotations, round);
    }
  }

  @Test
  void anExceptionInsideTheProcessorIsOneErrorOnTheElementThatSaysItIsABug() {
    JavaFileObject placed = source("com.acme.Placed",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"order:placed\")",
        "public record Placed(String id) {}");
    Compilation compilation = Compiler.javac()
        .withProcessors(new BrokenFilerProcessor(name -> true))
        .compile(placed);
    assertSingleError(compilation, Message.INTERNAL_ERROR, placed, "public record Placed");
    assertThat(compilation).hadErrorContaining("[" + Message.INTERNAL_ERROR.code()
        + "] This is a bug in Herald, not in your code: the processor failed on com.acme.Placed");
    assertThat(compilation)
        .hadErrorContaining("simulated failure in createSourceFile com.acme.PlacedJsonCodec");
  }

  @Test
  void aCrashStopsOnlyTheElementItHappenedOn() {
    JavaFileObject broken = source("com.acme.Broken",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"order:broken\")",
        "public record Broken(String id) {}");
    JavaFileObject fine = source("com.acme.Fine",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "@Event(\"order:fine\")",
        "public record Fine(String id) {}");
    JavaFileObject brokenDesk = source("com.acme.BrokenDesk",
        "package com.acme;",
        "import dev.herald.annotations.Subscribe;",
        "class BrokenDesk {",
        "  @Subscribe void on(Fine fine) {}",
        "}");
    JavaFileObject desk = source("com.acme.Desk",
        "package com.acme;",
        "import dev.herald.annotations.Subscribe;",
        "class Desk {",
        "  @Subscribe void on(Fine fine) {}",
        "}");
    BrokenFilerProcessor processor = new BrokenFilerProcessor(name -> name.contains("Broken"));
    Compilation compilation = Compiler.javac()
        .withProcessors(processor)
        .compile(broken, fine, brokenDesk, desk);

    assertError(compilation, Message.INTERNAL_ERROR, broken, "public record Broken", 2);
    assertThat(compilation).hadErrorContaining("[" + Message.INTERNAL_ERROR.code() + "]")
        .inFile(brokenDesk).onLineContaining("class BrokenDesk");
    // The other event's codec and the other listener's dispatcher are written; the aggregates
    // are not, as they would refer to the missing codec.
    assertThat(processor.created)
        .containsExactly("com.acme.FineJsonCodec", "com.acme.Desk_HeraldDispatcher");
  }
}
