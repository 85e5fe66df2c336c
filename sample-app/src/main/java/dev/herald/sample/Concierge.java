package dev.herald.sample;

import dev.herald.sample.report.DayReport;
import dev.herald.sample.report.ReportPrinter;
import dev.herald.sample.web.LiveDashboard;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Jack the Butler's command line: simulates a day at a few hotels on Herald's in-process bus, with a
 * SQLite file for the audit log and the dead letters, and prints what happened.
 *
 * <pre>
 * mvn -q compile exec:java                                          # from the repository's root
 * mvn -q compile exec:java -Dexec.args="--hotels 5 --guests 100 --duration 0 --seed 7"
 * mvn -q compile exec:java -Dexec.args="--redis redis://127.0.0.1:6379 --instance one"
 * mvn -q compile exec:java -Dexec.args="--kafka 127.0.0.1:9092 --instance one"
 * mvn -q compile exec:java -Dexec.args="--serve"                    # live dashboard on :8080
 * </pre>
 */
@Command(name = "concierge", mixinStandardHelpOptions = true, version = "Jack the Butler 0.1.0",
    sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Simulates a day of Jack the Butler, the hotel concierge, at a few hotels: guests write on "
            + "WhatsApp, SMS, e-mail and web chat; a rule-based AI answers or escalates; staff get "
            + "tasks; channels fail and the bus retries; dead letters are replayed at night.",
        "Each hotel is a tenant of one shared event bus. The same seed tells the same story.",
        ""})
public final class Concierge implements Callable<Integer> {

  @Option(names = "--guests", paramLabel = "N", defaultValue = "40",
      description = "Guests per hotel, each with a reservation and 1 to 3 bursts of messages "
          + "(default: ${DEFAULT-VALUE}).")
  int guests;

  @Option(names = "--hotels", paramLabel = "N", defaultValue = "3",
      description = "Hotels to simulate, each a tenant of the bus (default: ${DEFAULT-VALUE}).")
  int hotels;

  @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Wall-clock time the simulated 24 hours take, like 10s, 1m or 500ms; 0 runs "
          + "flat out. Changes only the pace, never the story (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42",
      description = "Seed of every random choice: guests, moods, failures, outages. The same seed "
          + "gives the same report counts (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--db", paramLabel = "FILE",
      description = "SQLite file for the event store (audit log) and the dead letters; it must "
          + "not exist yet, so that each day starts empty (default: a new file in a new "
          + "temporary directory).")
  Path database;

  @Option(names = "--first-hotel", paramLabel = "N", defaultValue = "1",
      description = "Which hotel of the list is this run's first, so that instances sharing a "
          + "Redis run different hotels: --hotels 2 --first-hotel 3 runs the third and fourth "
          + "(default: ${DEFAULT-VALUE}).")
  int firstHotel;

  @Option(names = "--redis", paramLabel = "URI",
      description = "Share the audit trail with other instances on this Redis, like "
          + "redis://127.0.0.1:6379: each instance's audit entries go to a Redis stream, and the "
          + "head office in every instance archives them as one consumer group, so the "
          + "instances share that work. Without it, everything stays in this process.")
  String redis;

  @Option(names = "--kafka", paramLabel = "HOST:PORT",
      description = "Share the audit trail with other instances on this Kafka, like "
          + "127.0.0.1:9092: the same as --redis, over a Kafka topic and consumer group.")
  String kafka;

  @Option(names = "--instance", paramLabel = "NAME",
      description = "This instance's name in the group, unique among the running instances "
          + "(with --redis or --kafka; default: pid@host).")
  String instance;

  @Option(names = "--serve", paramLabel = "PORT", arity = "0..1", fallbackValue = "8080",
      description = "Serve the live dashboard on http://localhost:PORT/ (default port 8080) while "
          + "the day runs, and keep it up after the day, before the night audit, until Ctrl-C. "
          + "Sign in with any name and the passcode '" + LiveDashboard.PASSCODE + "'.")
  Integer serve;

  private static final String LOG_FILE = "org.slf4j.simpleLogger.logFile";

  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    int exit = new CommandLine(new Concierge()).execute(args);
    if (exit != 0) {
      System.exit(exit); // only on failure: under `mvn exec:java` exiting would end Maven too
    }
  }

  @Override
  public Integer call() throws Exception {
    if (guests < 1 || hotels < 1 || firstHotel < 1 || duration.isNegative()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--guests, --hotels and"
          + " --first-hotel must be at least 1, --duration must not be negative");
    }
    if (instance != null && redis == null && kafka == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--instance names this instance on Redis; give --redis too");
    }
    if (redis != null && kafka != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--redis and --kafka are two ways to share the audit trail; give one");
    }
    if (instance != null && instance.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--instance must not be blank");
    }
    String name = instance != null ? instance : ManagementFactory.getRuntimeMXBean().getName();
    ConciergeSystem.Redis shared = redis == null ? null : new ConciergeSystem.Redis(redis, name);
    ConciergeSystem.Kafka onKafka = kafka == null ? null : new ConciergeSystem.Kafka(kafka, name);
    Path db = database != null ? database : Files.createTempDirectory("jack-the-butler")
        .resolve("concierge.db");
    if (Files.exists(db)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--db " + db + " exists;"
          + " choose a new file (or delete it): each simulated day starts from an empty store");
    }
    routeLogsNextTo(db);
    System.out.printf("Jack the Butler opens %d hotel%s for %d guests each (seed %d)%s; the bus"
        + " logs to %s%n", hotels, hotels == 1 ? "" : "s", guests, seed,
        shared != null ? " as instance " + name + " on Redis"
            : onKafka != null ? " as instance " + name + " on Kafka" : "",
        System.getProperty(LOG_FILE));
    FirstReleaseAudit.replay(db.resolveSibling("first-release-audit.db"), System.out);
    DayReport report;
    try {
      report = DaySimulation.run(new DaySimulation.Options(hotels, guests, duration, seed, db,
          firstHotel, shared, onKafka), System.out, serve == null ? null : new Serving(serve));
    } catch (ConciergeSystem.RedisUnreachableException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 1;
    }
    new ReportPrinter(System.out).print(report);
    return 0;
  }

  /**
   * Sends the bus's log (every retry is a WARN with a stack trace) to a file beside the database, so
   * that the progress line and the report stay readable. Must run before the first logger exists.
   */
  private static void routeLogsNextTo(Path db) throws IOException {
    String property = LOG_FILE;
    if (System.getProperty(property) == null) {
      Path parent = db.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      System.setProperty(property, parent.resolve(db.getFileName() + ".log").toString());
    }
  }

  /** Serves the live dashboard during the day, and after it until the process is stopped. */
  private static final class Serving implements DaySimulation.Companion {
    private final int port;
    private LiveDashboard dashboard;

    Serving(int port) {
      this.port = port;
    }

    @Override
    public void started(ConciergeSystem system) {
      dashboard = new LiveDashboard(system.bus(),
          system.hotels().stream().map(h -> h.plan().id()).toList(), "0.0.0.0", port);
      System.out.printf("The live dashboard is at http://localhost:%d/ (passcode '%s')%n",
          dashboard.uri().getPort(), LiveDashboard.PASSCODE);
    }

    @Override
    public void dayOver(ConciergeSystem system) throws InterruptedException {
      System.out.printf("%nThe day is over; the dashboard stays up at http://localhost:%d/ with"
          + " the dead letters to replay. Ctrl-C stops it.%n", dashboard.uri().getPort());
      Thread.currentThread().join();
    }
  }

  /** Reads durations people write: {@code 10s}, {@code 500ms}, {@code 2m}, {@code 0}, or ISO-8601. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      String value = text.trim().toLowerCase(Locale.ROOT);
      if (value.equals("0")) {
        return Duration.ZERO;
      }
      if (value.startsWith("p")) {
        return Duration.parse(text);
      }
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(value);
      if (!m.matches()) {
        throw new CommandLine.TypeConversionException(
            "'" + text + "' is not a duration; write it like 10s, 500ms, 2m or 0");
      }
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    }
  }
}
