package dev.herald.it.testkit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Enables a fixture class only when a test runs it through {@code EngineTestKit} with
 * {@link #ENABLED}; the build's own test run, which finds it too, skips it. Fixtures are meant to
 * fail, and their callers assert how.
 */
final class OnlyInEngineTestKit implements ExecutionCondition {

  /** The configuration parameter that enables fixtures. */
  static final String ENABLED = "herald.testkit.fixtures";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return context.getConfigurationParameter(ENABLED).isPresent()
        ? ConditionEvaluationResult.enabled("run by EngineTestKit")
        : ConditionEvaluationResult.disabled("a fixture that only EngineTestKit runs");
  }
}
