package io.shareledger.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

/**
 * An embedded PostgreSQL 15 for the local stack, with a fixed data directory kept between runs.
 * Creates the login role and the write and read databases when they are missing, prints the JDBC
 * URLs, then runs until the JVM is asked to stop (SIGTERM / Ctrl-C), when it stops PostgreSQL.
 *
 * <pre>
 * java -cp 'infra/target/infra-0.1.0-SNAPSHOT.jar:infra/target/lib/*' io.shareledger.infra.LocalPostgres \
 *     [--port 5432] [--data-dir .data/postgres] [--user shareledger] [--password shareledger]
 * </pre>
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String READY_LINE = "local-postgres: ready";
    public static final List<String> DATABASES = List.of("shareledger_write", "shareledger_read");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public record Config(int port, Path dataDir, String user, String password) {
        public static Config defaults() {
            return new Config(5432, Path.of(".data", "postgres"), "shareledger", "shareledger");
        }
    }

    private final Config config;
    private final EmbeddedPostgres postgres;

    private LocalPostgres(Config config, EmbeddedPostgres postgres) {
        this.config = config;
        this.postgres = postgres;
    }

    public static LocalPostgres start(Config config) throws IOException, SQLException {
        if (!IDENTIFIER.matcher(config.user()).matches()) {
            throw new IllegalArgumentException("user must be a plain lower-case identifier");
        }
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        Files.createDirectories(dataDir);
        refuseIfStillRunning(dataDir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(config.port())
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // The embedded server's builder turns fsync and synchronous_commit off (fast for
                // throwaway test databases). The local stack keeps data between runs and is what
                // the benchmarks measure, so it runs with PostgreSQL's durable defaults: an
                // acknowledged commit survives a crash of the server or the machine.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
        LocalPostgres local = new LocalPostgres(config, postgres);
        try {
            local.createRoleAndDatabases();
        } catch (SQLException | RuntimeException e) {
            local.close();
            throw e;
        }
        return local;
    }

    /** A postmaster left over from a run whose JVM was killed -9 keeps the data directory busy. */
    private static void refuseIfStillRunning(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process;
        try {
            process = ProcessHandle.of(Long.parseLong(lines.get(0).strip()));
        } catch (NumberFormatException e) {
            return;
        }
        if (process.isPresent() && process.get().isAlive()
                && process.get().info().command().map(c -> c.contains("postgres")).orElse(false)) {
            throw new IllegalStateException("A PostgreSQL from an earlier run still uses " + dataDir + " (pid "
                    + process.get().pid() + "); stop it first: kill " + process.get().pid());
        }
    }

    private void createRoleAndDatabases() throws SQLException {
        try (Connection connection = DriverManager.getConnection(adminUrl(), "postgres", "")) {
            try (PreparedStatement exists = connection.prepareStatement("select 1 from pg_roles where rolname = ?")) {
                exists.setString(1, config.user());
                try (ResultSet rs = exists.executeQuery(); Statement statement = connection.createStatement()) {
                    if (!rs.next()) {
                        statement.execute("create role " + config.user() + " login password "
                                + quoteLiteral(config.password()));
                    }
                }
            }
            for (String database : DATABASES) {
                try (PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                    exists.setString(1, database);
                    try (ResultSet rs = exists.executeQuery(); Statement statement = connection.createStatement()) {
                        if (!rs.next()) {
                            statement.execute("create database " + database + " owner " + config.user());
                        }
                    }
                }
            }
        }
    }

    private static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    private String adminUrl() {
        return jdbcUrl("postgres");
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    public static void main(String[] args) throws Exception {
        Config config;
        try {
            config = parseArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("local-postgres: " + e.getMessage());
            System.exit(2);
            return;
        }
        LocalPostgres local;
        try {
            local = start(config);
        } catch (IOException | SQLException | RuntimeException e) {
            System.err.println("local-postgres: cannot start PostgreSQL on port " + config.port() + " with data in "
                    + config.dataDir().toAbsolutePath() + ": " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                local.close();
                System.out.println("local-postgres: stopped");
            } catch (IOException e) {
                System.err.println("local-postgres: stop failed: " + e);
            }
            stopped.countDown();
        }, "local-postgres-shutdown"));
        System.out.println("local-postgres: PostgreSQL 15 on 127.0.0.1:" + local.port() + ", data in "
                + config.dataDir().toAbsolutePath().normalize());
        for (String database : DATABASES) {
            System.out.println("local-postgres: " + local.jdbcUrl(database) + " (user " + config.user()
                    + ", password " + config.password() + ")");
        }
        System.out.println(READY_LINE);
        System.out.flush();
        stopped.await();
    }

    static Config parseArgs(String[] args) {
        Config defaults = Config.defaults();
        int port = defaults.port();
        Path dataDir = defaults.dataDir();
        String user = defaults.user();
        String password = defaults.password();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: LocalPostgres [--port 5432] [--data-dir .data/postgres]"
                        + " [--user shareledger] [--password shareledger]");
            }
            String value = args[++i];
            switch (arg) {
                case "--port" -> {
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port needs a number");
                    }
                }
                case "--data-dir" -> dataDir = Path.of(value);
                case "--user" -> user = value;
                case "--password" -> password = value;
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        return new Config(port, dataDir, user, password);
    }
}
