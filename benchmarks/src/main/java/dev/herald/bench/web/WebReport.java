package dev.herald.bench.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link WebFanoutBenchmark} and prints, per number of clients, the bridge's figures beside
 * the bare Jetty server's and their ratios. {@code benchmarks/run-web.sh} builds and calls this;
 * results go to {@code bench.out} ({@code jmh-web.json}, {@code web-table.md}).
 */
public final class WebReport {

  private WebReport() {}

  /** Runs the benchmark and prints the table. */
  public static void main(String[] args) throws RunnerException, IOException {
    Path out = Path.of(System.getProperty("bench.out", "target"));
    Files.createDirectories(out);
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(WebFanoutBenchmark.class.getName())
        .shouldFailOnError(true)
        .resultFormat(ResultFormatType.JSON)
        .result(out.resolve("jmh-web.json").toString())
        .build()).run();
    Map<String, Double> events = new HashMap<>();
    Map<String, Double> p99 = new HashMap<>();
    for (RunResult result : results) {
      String clients = result.getParams().getParam("clients");
      String server = result.getParams().getParam("server");
      String method = result.getParams().getBenchmark();
      if (method.endsWith("pushBatch")) {
        events.put(server + clients, result.getPrimaryResult().getScore());
      } else {
        p99.put(server + clients, result.getPrimaryResult().getStatistics().getPercentile(99));
      }
    }
    StringBuilder table = new StringBuilder()
        .append("| clients | bridge events/s | bare Jetty events/s | bridge/bare |")
        .append(" bridge p99 µs | bare Jetty p99 µs | bridge/bare |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String clients : new String[] {"1", "100", "1000"}) {
      Double heraldRate = events.get("herald" + clients);
      Double jettyRate = events.get("jetty" + clients);
      Double heraldP99 = p99.get("herald" + clients);
      Double jettyP99 = p99.get("jetty" + clients);
      table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", clients,
          number(heraldRate), number(jettyRate), ratio(heraldRate, jettyRate), number(heraldP99),
          number(jettyP99), ratio(heraldP99, jettyP99)));
    }
    Files.writeString(out.resolve("web-table.md"), table);
    System.out.println();
    System.out.println(table);
  }

  private static String number(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%,.0f", value);
  }

  private static String ratio(Double herald, Double jetty) {
    return herald == null || jetty == null ? "-" : String.format(Locale.ROOT, "%.2f",
        herald / jetty);
  }
}
