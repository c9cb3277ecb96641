package io.shareledger.infra.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the same servers do without ShareLedger, measured in the same run:
 * <ul>
 *   <li>PostgreSQL (the stack's own server, durable as it runs): pgbench with custom scripts, 16
 *   clients, 2 threads, prepared statements, against a table in a scratch schema of the write
 *   database, made for the run and dropped after it: a single-row INSERT of a 600-byte value, each its own transaction (so one
 *   commit, one WAL flush, shared by concurrent commits as the server does), and a primary-key
 *   SELECT of one such row among 100,000.</li>
 *   <li>Kafka (the stack's broker): the raw Java producer, transactional, 600-byte records in
 *   transactions of 500, to a scratch topic of 6 partitions deleted after it, for the given time
 *   (as PublisherDrainBenchmarkIT measures it).</li>
 * </ul>
 */
final class Baselines {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");

    /** One pgbench run: transactions/s, transactions, failed transactions. */
    record PgResult(double tps, long transactions, long failed) {
    }

    private final String pgbench;
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    Baselines(String pgbench, String host, int port, String user, String password) {
        this.pgbench = pgbench;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /**
     * Runs the INSERT then the SELECT script for the given seconds each, on a table of a scratch
     * schema made for the run in the given database (the stack's user owns its databases; it may not
     * create one) and dropped after it.
     */
    PgResult[] postgres(String database, int seconds, int clients) throws Exception {
        String schema = "bench_scratch_" + UUID.randomUUID().toString().substring(0, 8);
        String url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        Path dir = Files.createTempDirectory("bench-pgbench");
        try {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("create schema " + schema);
                s.execute("create table " + schema + ".bench_row (id bigserial primary key, payload text not null)");
                s.execute("insert into " + schema + ".bench_row (payload) select repeat('x', 600) from generate_series(1, 100000)");
                s.execute("vacuum analyze " + schema + ".bench_row");
            }
            Path insert = dir.resolve("insert.sql");
            Files.writeString(insert, "INSERT INTO " + schema + ".bench_row (payload) VALUES (repeat('y', 600));\n");
            Path select = dir.resolve("select.sql");
            Files.writeString(select, "\\set id random(1, 100000)\nSELECT payload FROM " + schema + ".bench_row WHERE id = :id;\n");
            PgResult inserts = pgbench(database, insert, seconds, clients);
            PgResult selects = pgbench(database, select, seconds, clients);
            return new PgResult[] {inserts, selects};
        } finally {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("drop schema if exists " + schema + " cascade");
            } catch (SQLException e) {
                System.err.println("could not drop the scratch schema " + schema + ": SQL state " + e.getSQLState());
            }
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private PgResult pgbench(String database, Path script, int seconds, int clients) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(pgbench, "-n", "-M", "prepared", "-c", Integer.toString(clients),
                "-j", "2", "-T", Integer.toString(seconds), "-f", script.toString(),
                "-h", host, "-p", Integer.toString(port), "-U", user, database));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("pgbench failed:\n" + output);
        }
        Matcher tps = TPS.matcher(output);
        if (!tps.find()) {
            throw new IllegalStateException("no tps in pgbench's output:\n" + output);
        }
        Matcher failed = FAILED.matcher(output);
        Matcher processed = PROCESSED.matcher(output);
        return new PgResult(Double.parseDouble(tps.group(1)), processed.find() ? Long.parseLong(processed.group(1)) : -1,
                failed.find() ? Long.parseLong(failed.group(1)) : 0);
    }

    /** Raw producer records/s over about the given time. */
    static double kafka(String bootstrap, int seconds) throws Exception {
        String topic = "bench.raw." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
            try {
                byte[] value = new byte[600];
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic,
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
                    producer.initTransactions();
                    long start = System.nanoTime();
                    long end = start + TimeUnit.SECONDS.toNanos(seconds);
                    long records = 0;
                    while (System.nanoTime() < end) {
                        producer.beginTransaction();
                        for (int i = 0; i < 500; i++) {
                            producer.send(new ProducerRecord<>(topic, "k" + ((records + i) % 64), value));
                        }
                        producer.commitTransaction();
                        records += 500;
                    }
                    return records / ((System.nanoTime() - start) / 1e9);
                }
            } finally {
                admin.deleteTopics(List.of(topic)).all().get();
            }
        }
    }
}
