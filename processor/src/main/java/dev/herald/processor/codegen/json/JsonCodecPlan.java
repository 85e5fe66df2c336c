package dev.herald.processor.codegen.json;

import dev.herald.processor.codegen.json.CodecPlanner.Plan;
import dev.herald.processor.diagnostics.Report;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * What {@link JsonCodecValidator} decided for one round's records: the problems it found, and the
 * plans of the codecs that can be written, sorted by codec class name. Immutable; generation reads
 * it and reports nothing.
 */
public final class JsonCodecPlan {

  private final Report report;
  private final List<Plan> codecs;

  JsonCodecPlan(Report report, List<Plan> codecs) {
    this.report = report;
    this.codecs = List.copyOf(codecs);
  }

  /** Errors for components no codec can handle, notes for databind fallbacks. */
  public Report report() {
    return report;
  }

  /** The records whose codecs are to be written, in the order of {@link #codecs()}. */
  public List<TypeElement> records() {
    return codecs.stream().map(Plan::record).toList();
  }

  /** The plans of the codecs to write; every one of them can be written. */
  List<Plan> codecs() {
    return codecs;
  }
}
