package dev.herald.testservers;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for tests and benchmarks: a fresh cluster in a temporary directory
 * ({@code initdb}), started with {@code pg_ctl} on 127.0.0.1 and a free port, trust authentication,
 * no fsync, and removed when {@linkplain #close() closed}. It installs nothing: it finds
 * {@code initdb} and {@code pg_ctl} through {@code PG_BIN}, the {@code PATH}, or Debian's
 * {@code /usr/lib/postgresql/<version>/bin}, and fails saying how to install them.
 *
 * <p>PostgreSQL refuses to run as root, so as root (CI) the cluster belongs to the {@code postgres}
 * user (else {@code nobody}) and both tools run under {@code runuser}; as anyone else they run as
 * that user.
 */
public final class PostgresServer implements AutoCloseable {

  private static final String USER = "herald";
  private static final AtomicInteger databases = new AtomicInteger();

  private final Path directory;
  private final Path data;
  private final String pgCtl;
  private final List<String> runAs;
  private final int port;

  private PostgresServer(Path directory, String pgCtl, List<String> runAs, int port) {
    this.directory = directory;
    this.data = directory.resolve("data");
    this.pgCtl = pgCtl;
    this.runAs = runAs;
    this.port = port;
  }

  /** Creates a cluster in a new temporary directory and starts it; returns once it accepts. */
  public static PostgresServer start() throws IOException, InterruptedException {
    Path bin = findBin();
    List<String> runAs = new ArrayList<>();
    Path directory = Files.createTempDirectory("herald-pg-");
    if ("root".equals(System.getProperty("user.name"))) {
      String owner = userExists("postgres") ? "postgres" : "nobody";
      UserPrincipalLookupService users = directory.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(directory, users.lookupPrincipalByName(owner));
      runAs.addAll(List.of("runuser", "-u", owner, "--"));
    }
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    PostgresServer server = new PostgresServer(directory, bin.resolve("pg_ctl").toString(), runAs,
        freePort());
    try {
      server.run(bin.resolve("initdb").toString(), "-D", server.data.toString(), "-U", USER,
          "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync");
      server.run(server.pgCtl, "-D", server.data.toString(), "-l",
          directory.resolve("server.log").toString(), "-w", "-t", "60", "-o",
          "-p " + server.port + " -h 127.0.0.1 -k " + directory + " -F -c max_connections=200",
          "start");
      return server;
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The JDBC URL of {@code database} on this server. */
  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
  }

  /** A new, empty database on this server, so that each test starts from nothing. */
  public DataSource newDatabase() throws SQLException {
    String name = "herald_" + databases.incrementAndGet();
    try (Connection connection = DriverManager.getConnection(url("postgres"));
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return dataSource(name);
  }

  /** A data source of an existing database on this server. */
  public DataSource dataSource(String database) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(url(database));
    return source;
  }

  /** Stops the server at once (no checkpoint: the data is thrown away) and deletes its files. */
  @Override
  public void close() {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        run(pgCtl, "-D", data.toString(), "-m", "immediate", "-w", "stop");
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      System.err.println("Could not stop the PostgreSQL server in " + directory + ": " + e);
    } finally {
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        System.err.println("Could not delete " + directory + ": " + e);
      }
    }
  }

  private void run(String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(runAs);
    line.addAll(List.of(command));
    Path output = Files.createTempFile("herald-pg-command-", ".log");
    try {
      Process process = new ProcessBuilder(line).redirectErrorStream(true)
          .redirectOutput(output.toFile()).start();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", line) + " did not finish in 90 s:\n"
            + Files.readString(output) + serverLog());
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", line) + " failed with exit code "
            + process.exitValue() + ":\n" + Files.readString(output) + serverLog());
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private String serverLog() throws IOException {
    Path log = directory.resolve("server.log");
    return Files.exists(log) ? "\nserver.log:\n" + Files.readString(log) : "";
  }

  /** The directory of {@code initdb} and {@code pg_ctl}. */
  static Path findBin() throws IOException {
    String configured = System.getenv("PG_BIN");
    if (configured != null && Files.isExecutable(Path.of(configured, "initdb"))) {
      return Path.of(configured);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path initdb = Path.of(dir, "initdb");
      if (!dir.isEmpty() && Files.isExecutable(initdb)) {
        return initdb.toRealPath().getParent(); // Debian links /usr/local/bin/initdb elsewhere
      }
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        Path newest = versions.map(version -> version.resolve("bin"))
            .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
            .max(Comparator.comparingInt(PostgresServer::major)).orElse(null);
        if (newest != null) {
          return newest;
        }
      }
    }
    throw new IllegalStateException("herald-jdbc's PostgreSQL tests need initdb and pg_ctl, and"
        + " found neither on the PATH nor under /usr/lib/postgresql/<version>/bin. Install"
        + " PostgreSQL (Debian/Ubuntu: apt-get install -y postgresql; macOS: brew install"
        + " postgresql) or point PG_BIN at the directory of initdb. .ci/run installs it.");
  }

  private static int major(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D.*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean userExists(String name) throws IOException {
    return Files.readAllLines(Path.of("/etc/passwd")).stream()
        .anyMatch(line -> line.startsWith(name + ":"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
