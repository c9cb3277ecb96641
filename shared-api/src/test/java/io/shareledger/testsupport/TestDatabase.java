package io.shareledger.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A real PostgreSQL for the tests of this JVM: an embedded PostgreSQL 15 by default, or the server
 * named by {@code SHARELEDGER_TEST_DB_URL} (with {@code SHARELEDGER_TEST_DB_USER} /
 * {@code SHARELEDGER_TEST_DB_PASSWORD}). Either way each JVM gets a database of its own.
 */
public final class TestDatabase {

    private static TestDatabase instance;

    private final String serverUrl;
    private final String url;
    private final String user;
    private final String password;

    private TestDatabase(String serverUrl, String url, String user, String password) {
        this.serverUrl = serverUrl;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static synchronized TestDatabase get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static TestDatabase start() {
        String external = System.getenv("SHARELEDGER_TEST_DB_URL");
        String user;
        String password;
        String serverUrl;
        if (external != null && !external.isBlank()) {
            serverUrl = external;
            user = System.getenv().getOrDefault("SHARELEDGER_TEST_DB_USER", "postgres");
            password = System.getenv().getOrDefault("SHARELEDGER_TEST_DB_PASSWORD", "");
        } else {
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the process ends anyway
                    }
                }));
                serverUrl = postgres.getJdbcUrl("postgres", "postgres");
                user = "postgres";
                password = "postgres";
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
            }
        }
        return createDatabase(serverUrl, user, password);
    }

    /** Another, empty database on the same server, for tests that must not share one. */
    public TestDatabase fresh() {
        return createDatabase(serverUrl, user, password);
    }

    private static TestDatabase createDatabase(String serverUrl, String user, String password) {
        String database = "shareledger_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database", e);
        }
        return new TestDatabase(serverUrl, withDatabase(serverUrl, database), user, password);
    }

    private static String withDatabase(String serverUrl, String database) {
        int query = serverUrl.indexOf('?');
        String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
        String params = query < 0 ? "" : serverUrl.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
