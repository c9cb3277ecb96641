package io.shareledger.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class LocalPostgresTest {

    @TempDir
    Path dataDir;

    @Test
    void keepsItsDataAcrossARestart() throws Exception {
        LocalPostgres.Config config = new LocalPostgres.Config(freePort(), dataDir.resolve("pg"), "shareledger", "secret");
        try (LocalPostgres postgres = LocalPostgres.start(config)) {
            assertThat(postgres.jdbcUrl("shareledger_write")).isEqualTo("jdbc:postgresql://127.0.0.1:" + config.port() + "/shareledger_write");
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("shareledger_write"), "shareledger", "secret");
                 Statement s = c.createStatement()) {
                s.execute("create table kept (id int primary key)");
                s.execute("insert into kept values (42)");
            }
        }
        // a second start finds the role and the databases (created only if missing) and the data
        try (LocalPostgres postgres = LocalPostgres.start(config)) {
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("shareledger_write"), "shareledger", "secret");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select id from kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("shareledger_read"), "shareledger", "secret");
                 Statement s = c.createStatement()) {
                s.execute("create table read_side_can_create (id int)");
            }
        }
    }

    @Test
    void runsWithTheDurableDefaults() throws Exception {
        LocalPostgres.Config config = new LocalPostgres.Config(freePort(), dataDir.resolve("pg"), "shareledger", "secret");
        try (LocalPostgres postgres = LocalPostgres.start(config);
             Connection c = DriverManager.getConnection(postgres.jdbcUrl("shareledger_write"), "shareledger", "secret");
             Statement s = c.createStatement()) {
            for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                try (ResultSet rs = s.executeQuery("show " + setting)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
