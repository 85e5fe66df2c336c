package dev.herald.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.herald.processor.testing.Compiler.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.herald.processor.HeraldProcessor;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/** A failure inside the processor is one clear error, never a javac crash. */
class InternalErrorTest {

  /** Runs Herald with a Filer that fails the way a bug would: with an unexpected exception. */
  static final class BrokenFilerProcessor extends AbstractProcessor {
    private final HeraldProcessor herald = new HeraldProcessor();

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      Filer broken = (Filer) Proxy.newProxyInstance(Filer.class.getClassLoader(),
          new Class<?>[] {Filer.class}, (proxy, method, args) -> {
            throw new IllegalStateException("simulated failure in " + method.getName());
          });
      herald.init((ProcessingEnvironment) Proxy.newProxyInstance(
          ProcessingEnvironment.class.getClassLoader(), new Class<?>[] {ProcessingEnvironment.class},
          (proxy, method, args) -> method.getName().equals("getFiler")
              ? broken
              : method.invoke(env, args)));
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
  void anExceptionInsideTheProcessorBecomesOneErrorThatSaysItIsABug() {
    Compilation compilation = Compiler.javac()
        .withProcessors(new BrokenFilerProcessor())
        .compile(source("com.acme.Placed",
            "package com.acme;",
            "import dev.herald.annotations.Event;",
            "@Event(\"order:placed\")",
            "public record Placed(String id) {}"));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[" + Message.INTERNAL_ERROR.code()
        + "] This is a bug in Herald, not in your code");
    assertThat(compilation).hadErrorContaining("simulated failure in createSourceFile");
  }
}
