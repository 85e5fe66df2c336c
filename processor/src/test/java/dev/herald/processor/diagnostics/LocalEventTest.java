package dev.herald.processor.diagnostics;

import static dev.herald.processor.testing.Compiler.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.herald.processor.validation.EventValidator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * {@link Message#EVENT_LOCAL}: javac hands annotation processors no class declared inside a
 * method, so the rule is tested on the validator itself, with a local record that javac attributed
 * (the validator returns its report instead of printing it, which is what makes this possible).
 */
class LocalEventTest {

  @Test
  void anEventDeclaredInsideAMethodIsRejectedOnTheRecord() throws IOException {
    JavaFileObject file = source("com.acme.Orders",
        "package com.acme;",
        "import dev.herald.annotations.Event;",
        "public class Orders {",
        "  void place() {",
        "    @Event(\"order:placed\")",
        "    record Placed(String id) {}",
        "  }",
        "}");
    JavacTask task = (JavacTask) ToolProvider.getSystemJavaCompiler().getTask(null, null, null,
        List.of("-proc:none", "-classpath", System.getProperty("java.class.path")), null,
        List.of(file));
    Iterable<? extends CompilationUnitTree> units = task.parse();
    task.analyze();
    TypeElement placed = localClasses(Trees.instance(task), units).get(0);
    assertThat(placed.getNestingKind()).isEqualTo(NestingKind.LOCAL);

    Report report = new EventValidator(task.getElements(), task.getTypes()).validate(placed)
        .report();

    assertSingleProblem(report, Message.EVENT_LOCAL, placed);
    assertThat(report.problems().get(0).text()).isEqualTo("[Herald/LocalEvent] @Event record"
        + " Placed is declared inside a method, where generated code cannot reach it; move it to"
        + " the top level of a file or nest it in a class");
  }

  /** The negative test of a validator: one error, with {@code message}, on {@code element}. */
  private static void assertSingleProblem(Report report, Message message, Element element) {
    assertThat(report.hasErrors()).isTrue();
    assertThat(report.problems()).hasSize(1);
    assertThat(report.problems().get(0).message()).isEqualTo(message);
    assertThat(report.problems().get(0).element()).isSameAs(element);
  }

  private static List<TypeElement> localClasses(
      Trees trees, Iterable<? extends CompilationUnitTree> units) {
    List<TypeElement> found = new ArrayList<>();
    for (CompilationUnitTree unit : units) {
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitClass(ClassTree tree, Void unused) {
          if (trees.getElement(getCurrentPath()) instanceof TypeElement type
              && type.getNestingKind() == NestingKind.LOCAL) {
            found.add(type);
          }
          return super.visitClass(tree, unused);
        }
      }.scan(unit, null);
    }
    return found;
  }
}
