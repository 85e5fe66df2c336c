package dev.herald.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker (KRaft, broker and controller in one node) for the tests: a JVM of its own,
 * started from the broker jars on the test class path ({@link BrokerMain}), on 127.0.0.1 and free
 * ports, with its data in a temporary directory. One broker serves every test class of the JVM
 * ({@link #shared()}); it stops, and its directory is deleted, when the JVM exits, and exits by
 * itself if this JVM dies. No Docker, no mocks.
 */
public final class TestBroker implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(90);
  private static TestBroker shared;

  private final Path directory;
  private final Path log;
  private final Process process;
  private final String bootstrapServers;

  private TestBroker(Path directory, Path log, Process process, String bootstrapServers) {
    this.directory = directory;
    this.log = log;
    this.process = process;
    this.bootstrapServers = bootstrapServers;
  }

  /** The broker of this JVM, started on first use; it stops when the JVM exits. */
  public static synchronized TestBroker shared() {
    if (shared == null) {
      shared = start(classPath());
      TestBroker started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-broker-stop"));
    }
    return shared;
  }

  /** Starts a broker from the jars on {@code classPath}; returns once it answers. */
  public static TestBroker start(String classPath) {
    try {
      Path directory = Files.createTempDirectory("herald-kafka-");
      int port = freePort();
      int controllerPort = freePort();
      Path properties = directory.resolve("server.properties");
      Files.writeString(properties, serverProperties(directory, port, controllerPort));
      Path log = directory.resolve("broker.log");
      Process process = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xms256m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classPath,
          BrokerMain.class.getName(), properties.toString(), Uuid.randomUuid().toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      TestBroker broker = new TestBroker(directory, log, process, "127.0.0.1:" + port);
      broker.awaitReady();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start a test Kafka broker", e);
    }
  }

  /** {@code host:port} of the broker's listener. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** An admin client on this broker; close it. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    try (Admin admin = admin()) {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException("The test Kafka broker exited with "
              + process.exitValue() + ":\n" + tail());
        }
        try {
          admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
          admin.listTopics().names().get(2, TimeUnit.SECONDS);
          return;
        } catch (Exception notYet) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("The test Kafka broker did not answer at "
                + bootstrapServers + " within " + STARTUP + ":\n" + tail(), notYet);
          }
        }
      }
    }
  }

  /** Stops the broker (its input ends: it shuts down) and deletes its data. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; the OS cleans it eventually
    }
  }

  private String tail() {
    try {
      String text = Files.readString(log);
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static String serverProperties(Path directory, int port, int controllerPort) {
    return String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + directory.resolve("data"),
        "num.partitions=1",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=3",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "group.min.session.timeout.ms=1000",
        "num.network.threads=2",
        "num.io.threads=2",
        "background.threads=2",
        "log.cleaner.threads=1",
        "log.cleaner.dedupe.buffer.size=2097152",
        "");
  }

  /** The test class path: what Maven wrote for child JVMs, else this JVM's. */
  public static String classPath() {
    return WorkerProcesses.testClassPath();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
