package dev.herald.processor.diagnostics;

import java.util.Optional;
import java.util.function.Supplier;
import javax.lang.model.element.Element;

/**
 * Runs the processing of one element so that a crash of Herald's own code stops that element only:
 * the exception becomes an {@link Message#INTERNAL_ERROR} on the element, and the caller goes on
 * with the next one. No exception reaches javac, where it would hide the user's own diagnostics.
 */
public final class CrashGuard {

  private final Reporter reporter;

  public CrashGuard(Reporter reporter) {
    this.reporter = reporter;
  }

  /** What {@code work} returns, or empty if it crashed (the crash is then reported). */
  public <T> Optional<T> call(Element element, Supplier<T> work) {
    try {
      return Optional.ofNullable(work.get());
    } catch (RuntimeException | Error crash) {
      reporter.print(Problem.internalError(element, crash));
      return Optional.empty();
    }
  }

  /** Whether {@code work} ran to its end; if it crashed, the crash is reported. */
  public boolean run(Element element, Runnable work) {
    return call(element, () -> {
      work.run();
      return Boolean.TRUE;
    }).isPresent();
  }
}
