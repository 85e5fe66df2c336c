package dev.herald.bench;

import dev.herald.bench.json.JsonBenchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs every benchmark in one go with a short profile and prints one table: each Herald figure, its
 * anchors from the same run, the ratios and the targets (issue 19's, issue 4's where 19 names none).
 * {@code benchmarks/run.sh} builds the module and calls this.
 *
 * <p>System properties: {@code bench.out} (folder for the JSON results and the table, default
 * {@code target}), {@code bench.processor} (a file with the output of
 * {@code scripts/processor-compile-time.sh}, optional), {@code bench.redis} (a file with the
 * {@code redis.*} figures of {@code RedisLoadDriver}, optional), {@code bench.include} (a regular
 * expression to run fewer benchmarks, one fork each), {@code bench.startup} ({@code false} to skip
 * start-up).
 * Without {@code bench.include}, the hand-off benchmarks run in three forks, the others in one.
 */
public final class Report {

  private static final String PKG = "dev.herald.bench.";

  private final Map<String, RunResult> results = new HashMap<>();
  private final List<String> rows = new ArrayList<>();
  private int met;
  private int missed;
  private int onTheLine;

  private Report() {}

  public static void main(String[] args) throws RunnerException, IOException {
    Path out = Path.of(System.getProperty("bench.out", "target"));
    Files.createDirectories(out);
    String include = System.getProperty("bench.include");
    Report report = new Report();

    if (include != null) {
      report.collect(new Runner(steady(include, 1, out, "jmh-steady.json")).run());
    } else {
      report.collect(new Runner(steady(PKG + "(sync|mdc|json)\\..*", 1, out, "jmh-steady.json"))
          .run());
      // Hand-offs vary more from one JVM to the next than within one (how the scheduler places
      // publisher and consumer threads on two cores): Guava's AsyncEventBus ran steadily at 1.2,
      // 1.8 and 2.8 M/s in three JVMs here. Three forks, so that each ratio's range shows it.
      report.collect(new Runner(steady(PKG + "handoff\\..*", 3, out, "jmh-handoff.json")).run());
    }

    if (!"false".equals(System.getProperty("bench.startup"))) {
      Options startup = new OptionsBuilder()
          .include(PKG + "startup\\..*") // single shot, 5 fresh JVMs each: see the annotations
          .shouldFailOnError(true)
          .resultFormat(ResultFormatType.JSON)
          .result(out.resolve("jmh-startup.json").toString())
          .build();
      report.collect(new Runner(startup).run());
    }

    String table = report.table(System.getProperty("bench.processor"),
        System.getProperty("bench.redis"));
    Files.writeString(out.resolve("benchmarks-table.md"), table);
    System.out.println();
    System.out.println(table);
  }

  /** Steady-state benchmarks with the short profile: 8 × 1 s warm-up, 5 × 1 s measured. */
  private static Options steady(String include, int forks, Path out, String json) {
    return new OptionsBuilder()
        .include(include)
        .forks(forks)
        // The JIT settles late on this machine: greenrobot took 4 s to reach full speed, Herald's
        // SYNC publish 5-6 s (it dipped to two thirds on the fifth second), Guava async 3 s.
        .warmupIterations(8)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(5)
        .measurementTime(TimeValue.seconds(1))
        .addProfiler(GCProfiler.class)
        .shouldFailOnError(true)
        .resultFormat(ResultFormatType.JSON)
        .result(out.resolve(json).toString())
        .build();
  }

  private void collect(Collection<RunResult> runs) {
    for (RunResult run : runs) {
      String name = run.getParams().getBenchmark().substring(PKG.length());
      String listeners = run.getParams().getParam("listeners");
      results.put(listeners == null ? name : name + "/" + listeners, run);
    }
  }

  private String table(String processorOutput, String redisOutput) throws IOException {
    for (String n : List.of("1", "10")) {
      String sync = "sync.SyncPublishBenchmark.";
      String group = "SYNC publish, " + n + (n.equals("1") ? " listener" : " listeners");
      for (String herald : List.of("heraldPayload", "heraldPayloadByKey", "heraldEnvelope")) {
        String h = sync + herald + "/" + n;
        String label = group + ": " + herald;
        row(label, h, sync + "guava/" + n, "Guava EventBus", 0);
        row(label, h, sync + "greenrobot/" + n, "greenrobot EventBus", 2);
        row(label, h, sync + "direct/" + n, "direct calls (the limit)", 0);
      }
    }
    for (String n : List.of("1", "10")) {
      allocationRow(n, "sync.SyncPublishBenchmark.heraldPayload/" + n);
    }
    for (String n : List.of("1", "10")) {
      row("SYNC publish with Logback's MDC, " + n + (n.equals("1") ? " listener" : " listeners"),
          "mdc.MdcPublishBenchmark.mdc/" + n, "mdc.MdcPublishBenchmark.plain/" + n,
          "the same without MDC", 0);
      row("SYNC publish with Logback's MDC, " + n + (n.equals("1") ? " listener" : " listeners"),
          "mdc.MdcPublishBenchmark.mdc/" + n, "sync.SyncPublishBenchmark.greenrobot/" + n,
          "greenrobot EventBus", 0);
    }
    String handoff = "handoff.HandoffBenchmark.";
    for (String herald : List.of("heraldAsync", "heraldOrdered")) {
      boolean async = herald.equals("heraldAsync");
      String label = async ? "ASYNC, 1 listener" : "ORDERED, 1 listener, 8 keys";
      row(label, handoff + herald, handoff + "guavaAsync", "Guava AsyncEventBus", 0);
      row(label, handoff + herald, handoff + "arrayBlockingQueue", "ArrayBlockingQueue put/take",
          async ? 1 : 0.75);
      row(label, handoff + herald, handoff + "disruptor", "Disruptor 4, yielding (the limit)", 0);
    }
    String json = "json.JsonBenchmark.";
    for (String what : List.of("payloadEncode", "payloadDecode", "envelopeEncode",
        "envelopeDecode")) {
      String label = "JSON " + what.replace("payload", "payload ").replace("envelope",
          "CloudEvents envelope ").toLowerCase(Locale.ROOT);
      row(label, json + what + "Herald", json + what + "Avaje", "avaje-jsonb", 1);
      row(label, json + what + "Herald", json + what + "Databind", "Jackson databind", 0);
    }
    String startup = "startup.StartupBenchmark.";
    if (results.containsKey(startup + "herald")) {
      RunResult h = results.get(startup + "herald");
      RunResult g = results.get(startup + "guava");
      // Times, not rates: the anchor's over Herald's, and the range the other way round.
      double ratio = g.getPrimaryResult().getScore() / h.getPrimaryResult().getScore();
      double[] range = ratioRange(g.getPrimaryResult(), h.getPrimaryResult());
      rows.add(String.format(Locale.ROOT, "| Start-up, 500 events + 500 listener classes, fresh JVM |"
              + " %.0f ms | Guava EventBus | %.0f ms | %.2f× (%.2f–%.2f) (Guava time / Herald time)"
              + " | ≥ 1× | %s |", h.getPrimaryResult().getScore(), g.getPrimaryResult().getScore(),
          ratio, range[0], range[1], verdict(ratio, range, 1)));
    }
    if (processorOutput != null && Files.exists(Path.of(processorOutput))) {
      String text = Files.readString(Path.of(processorOutput));
      Matcher without = Pattern.compile("without processor: +(\\d+) ms").matcher(text);
      Matcher with = Pattern.compile("with Herald: +(\\d+) ms").matcher(text);
      if (without.find() && with.find()) {
        double a = Double.parseDouble(with.group(1));
        double b = Double.parseDouble(without.group(1));
        double overhead = (a / b - 1) * 100;
        rows.add(String.format(Locale.ROOT, "| javac, 500 events + 500 listeners | %.0f ms with"
                + " Herald | javac without processor | %.0f ms | +%.0f%% | – | |", a, b,
            overhead));
        Matcher avajeWithout = Pattern.compile("without its generator: +(\\d+) ms").matcher(text);
        Matcher avajeWith = Pattern.compile("with its generator: +(\\d+) ms").matcher(text);
        if (avajeWithout.find() && avajeWith.find()) {
          double heraldAdds = (a - b) / 1000;
          double avajeAdds = (Double.parseDouble(avajeWith.group(1))
              - Double.parseDouble(avajeWithout.group(1))) / 1000;
          double share = heraldAdds / avajeAdds;
          boolean ok = share <= 0.5;
          count(ok);
          rows.add(String.format(Locale.ROOT, "| javac: seconds the processor adds, 500 records |"
                  + " Herald +%.1f s (codecs, dispatchers, catalog) | avaje-jsonb 3.11 (codecs"
                  + " only) | +%.1f s | %.2f× (Herald / avaje) | ≤ 0.5× | %s |", heraldAdds,
              avajeAdds, share, ok ? "met" : "**missed**"));
        }
      }
    }
    if (redisOutput != null && Files.exists(Path.of(redisOutput))) {
      redisRows(Files.readAllLines(Path.of(redisOutput)));
    }
    int[] sizes = JsonBenchmark.sizes();
    StringBuilder table = new StringBuilder();
    table.append(String.format(Locale.ROOT, "Payload %d bytes of JSON, CloudEvents envelope %d bytes."
        + " Throughput in operations per second (publish, event handled, document); B/op is JMH's"
        + " gc.alloc.rate.norm. Ratio = Herald / anchor, and in brackets the range its measurement"
        + " iterations span (slowest Herald over fastest anchor, fastest over slowest).%n%n",
        sizes[0], sizes[1]));
    table.append("| benchmark | Herald | anchor | anchor's figure | ratio | target | |\n");
    table.append("|---|---|---|---|---|---|---|\n");
    rows.forEach(r -> table.append(r).append('\n'));
    table.append(String.format(Locale.ROOT, "%nTargets met: %d, on the line: %d, missed: %d. A"
        + " target is on the line when it falls inside the ratio's range; the verdict in brackets is"
        + " the mean's.%n", met, onTheLine, missed));
    return table.toString();
  }

  /**
   * Rows from {@code RedisLoadDriver}'s {@code redis.*} lines: each publish mode, publish to
   * acknowledgement by a consumer bus, against {@code redis-benchmark}'s pipelined XADD on the same
   * server; the latency at a fixed rate. One run each, so no range.
   */
  private void redisRows(List<String> lines) {
    Map<String, Double> figures = new HashMap<>();
    for (String line : lines) {
      Matcher figure = Pattern.compile("^(redis\\.[\\w.]+)=([0-9.Ee+-]+)$").matcher(line.trim());
      if (figure.matches()) {
        figures.put(figure.group(1), Double.parseDouble(figure.group(2)));
      }
    }
    Double ceiling = figures.get("redis.ceiling.xaddPerSecond");
    if (ceiling == null) {
      return;
    }
    String anchor = String.format(Locale.ROOT, "redis-benchmark XADD, pipeline of %.0f",
        figures.getOrDefault("redis.ceiling.pipeline", Double.NaN));
    for (String mode : List.of("publishAsync", "publishAll", "publish")) {
      Double rate = figures.get("redis." + mode + ".eventsPerSecond");
      if (rate != null) {
        double ratio = rate / ceiling;
        boolean pipelined = !mode.equals("publish");
        String verdict = "";
        if (pipelined) {
          count(ratio >= 0.5);
          verdict = ratio >= 0.5 ? "met" : "**missed**";
        }
        rows.add(String.format(Locale.ROOT, "| Redis: %s, publish to consumer's ack | %.1f K/s |"
                + " %s | %.1f K/s | %.2f× | %s | %s |", mode, rate / 1e3, anchor, ceiling / 1e3,
            ratio, pipelined ? "≥ 0.5×" : "–", verdict));
      }
    }
    Double lettuce = figures.get("redis.lettuce.pipelinedEventsPerSecond");
    Double async = figures.get("redis.publishAsync.eventsPerSecond");
    if (lettuce != null && async != null) {
      rows.add(String.format(Locale.ROOT, "| Redis: publishAsync, publish to consumer's ack | %.1f"
              + " K/s | plain Lettuce, the same XADD, XREADGROUP and XACK pipelined | %.1f K/s |"
              + " %.2f× | – | |", async / 1e3, lettuce / 1e3, async / lettuce));
    }
    Double p99 = figures.get("redis.latency.p99Millis");
    if (p99 != null) {
      boolean ok = p99 < 2;
      count(ok);
      rows.add(String.format(Locale.ROOT, "| Redis: end-to-end latency at %.0f events/s | p50 %.2f"
              + " ms, p99 %.2f ms | – | – | – | p99 < 2 ms | %s |",
          figures.getOrDefault("redis.latency.rate", Double.NaN),
          figures.getOrDefault("redis.latency.p50Millis", Double.NaN), p99,
          ok ? "met" : "**missed**"));
    }
  }

  private void row(String label, String herald, String anchor, String anchorName, double target) {
    RunResult h = results.get(herald);
    RunResult a = results.get(anchor);
    if (h == null || a == null) {
      return;
    }
    double ratio = h.getPrimaryResult().getScore() / a.getPrimaryResult().getScore();
    double[] range = ratioRange(h.getPrimaryResult(), a.getPrimaryResult());
    String goal = "–";
    String verdict = "";
    if (target > 0) {
      goal = "≥ " + (target == Math.rint(target) ? String.valueOf((int) target) : target) + "×";
      verdict = verdict(ratio, range, target);
    }
    rows.add(String.format(Locale.ROOT, "| %s | %s%s | %s | %s%s | %.2f× (%.2f–%.2f) | %s | %s |",
        label, rate(h), alloc(h), anchorName, rate(a), alloc(a), ratio, range[0], range[1], goal,
        verdict));
  }

  /** Met, missed or on the line (the target inside the range), counted. */
  private String verdict(double ratio, double[] range, double target) {
    if (range[0] >= target) {
      met++;
      return "met";
    }
    if (range[1] < target) {
      missed++;
      return "**missed**";
    }
    onTheLine++;
    return ratio >= target ? "on the line (met)" : "on the line (missed)";
  }

  /**
   * The lowest and highest ratio the two benchmarks' measurement iterations allow (slowest Herald
   * iteration over the fastest anchor's, and the other way round): a target inside that range is on
   * the line, neither met nor missed by this run.
   */
  private static double[] ratioRange(Result herald, Result anchor) {
    Statistics h = herald.getStatistics();
    Statistics a = anchor.getStatistics();
    return new double[] {h.getMin() / a.getMax(), h.getMax() / a.getMin()};
  }

  /**
   * Issue 4's "at most one small allocation per publish to payload listeners": JMH counts bytes,
   * not objects, so the bar is one object of at most {@value #SMALL_ALLOCATION} bytes (the
   * envelope, which the API returns).
   */
  private void allocationRow(String listeners, String herald) {
    RunResult h = results.get(herald);
    Result norm = h == null ? null : allocation(h);
    if (norm == null) {
      return;
    }
    boolean ok = norm.getScore() <= SMALL_ALLOCATION;
    count(ok);
    rows.add(String.format(Locale.ROOT, "| SYNC publish to %s payload listener%s: allocation |"
            + " %.0f B/op | one small object | %d B | – | ≤ 1 object of ≤ %d B | %s |",
        listeners, listeners.equals("1") ? "" : "s", norm.getScore(), SMALL_ALLOCATION,
        SMALL_ALLOCATION, ok ? "met" : "**missed**"));
  }

  private static final int SMALL_ALLOCATION = 96;

  private void count(boolean ok) {
    if (ok) {
      met++;
    } else {
      missed++;
    }
  }

  private static String rate(RunResult run) {
    double score = run.getPrimaryResult().getScore();
    if (score >= 1e6) {
      return String.format(Locale.ROOT, "%.2f M/s", score / 1e6);
    }
    return String.format(Locale.ROOT, "%.1f K/s", score / 1e3);
  }

  private static String alloc(RunResult run) {
    Result norm = allocation(run);
    return norm == null ? "" : String.format(Locale.ROOT, " (%.0f B/op)", norm.getScore());
  }

  private static Result allocation(RunResult run) {
    Map<String, Result> secondary = run.getSecondaryResults();
    Result norm = secondary.get("gc.alloc.rate.norm");
    return norm != null ? norm : secondary.get("·gc.alloc.rate.norm");
  }
}
