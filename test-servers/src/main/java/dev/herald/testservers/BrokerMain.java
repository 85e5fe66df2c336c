package dev.herald.testservers;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The main class of a test broker's JVM ({@link TestBroker}): formats the storage of a KRaft
 * broker-and-controller in code (what {@code kafka-storage format} does), runs it, and exits when
 * its standard input ends, so that a broker never outlives the JVM that started it, even one killed
 * with SIGKILL.
 *
 * <p>Arguments: the {@code server.properties} file, the cluster id.
 */
public final class BrokerMain {

  private BrokerMain() {}

  public static void main(String[] args) throws IOException {
    String properties = args[0];
    String clusterId = args[1];
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    int formatted = kafka.tools.StorageTool.execute(
        new String[] {"format", "-t", clusterId, "-c", properties, "--ignore-formatted"}, out);
    if (formatted != 0) {
      out.println("FORMAT FAILED " + formatted + " for " + Files.readString(Path.of(properties)));
      System.exit(2);
    }
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // runs until the parent closes our standard input, or dies
        }
      } catch (IOException e) {
        // the parent is gone
      }
      System.exit(0); // Kafka's shutdown hook stops the broker
    }, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    kafka.Kafka.main(new String[] {properties});
  }
}
