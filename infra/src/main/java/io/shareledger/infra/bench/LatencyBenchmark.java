package io.shareledger.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Command-to-visible latency of the running stack at light load, beside the raw produce-to-consume
 * latency of the same Kafka broker, measured in the same run (machines are noisy: only the ratio
 * means much). One request at a time: a profile change is sent to the command service, then the
 * query service is asked for the member at that version ({@code ?minVersion=}) and answers as soon
 * as its projection has applied it. The writes rotate over {@link #MEMBERS} members, each with a
 * token of its own, so that none of them writes faster than the per-subject write limit allows.
 *
 * <p>Usage: {@code LatencyBenchmark [samples]}, addresses from SHARELEDGER_COMMAND_URL,
 * SHARELEDGER_QUERY_URL, SHARELEDGER_ISSUER_URL and SHARELEDGER_KAFKA (local-stack defaults).
 */
public final class LatencyBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** One request at a time takes about 50 ms: ten members write about 2 times a second each. */
    private static final int MEMBERS = 10;

    private LatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int warmup = Math.max(20, samples / 10);
        String commandUrl = env("SHARELEDGER_COMMAND_URL", "http://127.0.0.1:8080");
        String queryUrl = env("SHARELEDGER_QUERY_URL", "http://127.0.0.1:8081");
        String issuerUrl = env("SHARELEDGER_ISSUER_URL", "http://127.0.0.1:8090");
        String kafka = env("SHARELEDGER_KAFKA", "127.0.0.1:9092");

        System.out.printf("samples=%d (after %d warm-up), cores=%d, java=%s%n", samples, warmup,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        long[] baseline = kafkaRoundTrips(kafka, warmup, samples);
        long[] endToEnd = commandToVisible(commandUrl, queryUrl, issuerUrl, warmup, samples);

        report("kafka produce->consume (baseline)", baseline);
        report("command->visible on query side", endToEnd);
        System.out.printf("ratio command->visible / kafka baseline: p50 %.1fx  p95 %.1fx  p99 %.1fx%n",
                ratio(endToEnd, baseline, 50), ratio(endToEnd, baseline, 95), ratio(endToEnd, baseline, 99));
    }

    static long[] kafkaRoundTrips(String bootstrap, int warmup, int samples) throws Exception {
        String topic = "bench.latency." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            try (KafkaProducer<String, Long> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new LongSerializer());
                 KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(Map.of(
                         ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                         ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                         ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10), new StringDeserializer(), new LongDeserializer())) {
                TopicPartition partition = new TopicPartition(topic, 0);
                consumer.assign(List.of(partition));
                consumer.seekToEnd(List.of(partition));
                consumer.position(partition);
                long[] latencies = new long[samples];
                for (int i = -warmup; i < samples; i++) {
                    long start = System.nanoTime();
                    producer.send(new ProducerRecord<>(topic, "k", start));
                    boolean seen = false;
                    while (!seen) {
                        for (ConsumerRecord<String, Long> record : consumer.poll(Duration.ofMillis(100))) {
                            seen |= record.value() == start;
                        }
                    }
                    if (i >= 0) {
                        latencies[i] = System.nanoTime() - start;
                    }
                }
                return latencies;
            } finally {
                admin.deleteTopics(List.of(topic)).all().get();
            }
        }
    }

    static long[] commandToVisible(String commandUrl, String queryUrl, String issuerUrl, int warmup, int samples)
            throws Exception {
        String[] tokens = new String[MEMBERS];
        String[] members = new String[MEMBERS];
        for (int m = 0; m < MEMBERS; m++) {
            tokens[m] = token(issuerUrl, "bench-" + UUID.randomUUID());
            String handle = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
            members[m] = send(HttpRequest.newBuilder(URI.create(commandUrl + "/api/v1/members"))
                    .header("Authorization", "Bearer " + tokens[m]).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"handle\":\"" + handle + "\",\"displayName\":\"Bench\",\"email\":\"bench@example.org\"}")), 201)
                    .path("id").asText();
        }
        long[] latencies = new long[samples];
        for (int i = -warmup; i < samples; i++) {
            String token = tokens[Math.floorMod(i, MEMBERS)];
            String memberId = members[Math.floorMod(i, MEMBERS)];
            long start = System.nanoTime();
            JsonNode written = send(HttpRequest.newBuilder(URI.create(commandUrl + "/api/v1/members/" + memberId + "/profile"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(
                            "{\"displayName\":\"Bench " + i + "\",\"email\":\"bench@example.org\"}")), 200);
            long version = written.path("version").asLong();
            JsonNode read = send(HttpRequest.newBuilder(URI.create(queryUrl + "/api/v1/members/" + memberId
                            + "?minVersion=" + version))
                    .header("Authorization", "Bearer " + token).GET(), 200);
            if (read.path("version").asLong() < version) {
                throw new IllegalStateException("the query side did not reach version " + version + " in time");
            }
            if (i >= 0) {
                latencies[i] = System.nanoTime() - start;
            }
        }
        return latencies;
    }

    private static String token(String issuerUrl, String subject) throws IOException, InterruptedException {
        String form = "sub=" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "&roles=member";
        return send(HttpRequest.newBuilder(URI.create(issuerUrl + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), 200).path("access_token").asText();
    }

    private static JsonNode send(HttpRequest.Builder request, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    private static void report(String name, long[] nanos) {
        System.out.printf("%-36s p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms  max %7.2f ms%n", name,
                percentile(nanos, 50) / 1e6, percentile(nanos, 95) / 1e6, percentile(nanos, 99) / 1e6,
                percentile(nanos, 100) / 1e6);
    }

    private static double ratio(long[] a, long[] b, int p) {
        return (double) percentile(a, p) / percentile(b, p);
    }

    static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
