package dev.herald.processor.model;

import com.palantir.javapoet.CodeBlock;
import java.util.List;

/**
 * The versions of one event name in a compilation, oldest first, and how each older one steps to
 * the next: {@code steps.get(i)} turns {@code versions.get(i)} into {@code versions.get(i + 1)}.
 * Only names with two versions or more have a chain.
 */
public record VersionChain(String name, List<EventModel> versions, List<Step> steps) {

  public VersionChain {
    versions = List.copyOf(versions);
    steps = List.copyOf(steps);
  }

  public EventModel newest() {
    return versions.get(versions.size() - 1);
  }

  /**
   * One step: by the user's {@code upcast} method, or, when it is {@code null}, by a generated copy
   * that builds {@code to} from {@code values}, one per component of {@code to}, in order.
   */
  public record Step(
      EventModel from, EventModel to, UpcastModel upcast, List<ComponentValue> values) {

    public Step {
      values = List.copyOf(values);
    }
  }

  /**
   * Where one component of the newer version comes from in a generated copy: the older version's
   * component of the same name ({@code accessor}), its default ({@code fallback}) when that is
   * absent or null, or both.
   */
  public record ComponentValue(String accessor, CodeBlock fallback) {}
}
