package io.shareledger.infra.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareledger.infra.e2e.OtlpReceiver.ReceivedSpan;
import io.shareledger.testsupport.Canary;
import io.shareledger.testsupport.TestIssuer;
import io.shareledger.testsupport.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One command's trace across both services, from their jars as processes, exported over OTLP to a
 * receiver of the test's: the client starts the trace (W3C {@code traceparent}) on a registration
 * and on the read-your-writes read that follows; the command service's HTTP span leads through
 * command handling to the publisher's span, whose context the record on the topic carries as the
 * standard {@code traceparent} header, and every read model's projection of the event continues
 * from that span in the query service, beside the read's wait for it. Log lines carry the trace id.
 * The exported bytes hold none of the personal values, the token or the member's id, while a
 * value the client planted in {@code tracestate} (which is exported as is) is found by the same scan.
 * The trace is drawn into {@code target/trace/register-and-read.svg}.
 */
class TracingE2EIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String COMMAND = "shareledger-command-service";
    private static final String QUERY = "shareledger-query-service";

    @Test
    void oneCommandIsOneTraceFromTheWriteThroughKafkaToEveryProjectionAndTheWaitThatSeesIt() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start();
             E2eStack stack = E2eStack.start("tracing", Map.of(
                     "MANAGEMENT_OTLP_TRACING_ENDPOINT", receiver.endpoint(),
                     "MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "1.0",
                     // a log line inside each request's span
                     "LOGGING_LEVEL_ORG_SPRINGFRAMEWORK_WEB_SERVLET", "DEBUG"))) {
            String canary = Canary.random("trace-canary-").value().replace("-", "");
            String subject = "subject-" + canary;
            String token = TestIssuer.get().memberToken(subject);
            String handle = "t_" + canary.substring(canary.length() - 20);
            String name = "Name " + canary;
            String email = canary + "@example.org";
            Canary planted = Canary.random("tsprobe");
            String traceId = hex(16);
            String writeParent = hex(8);
            String readParent = hex(8);

            JsonNode registered = send(stack.command().baseUrl() + "/api/v1/members", token, traceId, writeParent,
                    "sl=" + planted.value(), "{\"handle\":\"" + handle + "\",\"displayName\":\"" + name
                            + "\",\"email\":\"" + email + "\"}", 201);
            String member = registered.path("id").asText();
            // refused, with the personal values in the body: neither trace nor log may quote them
            send(stack.command().baseUrl() + "/api/v1/members", token, traceId, writeParent, null,
                    "{\"handle\":\"" + handle + "\",\"displayName\":\"" + name + "\",\"email\":\"" + email
                            + "\",\"extra\":\"" + canary + "\"}", 400);
            JsonNode me = send(stack.query().baseUrl() + "/api/v1/members/me?minVersion=" + registered.path("version").asLong(),
                    token, traceId, readParent, null, null, 200);
            assertThat(me.path("displayName").asText()).isEqualTo(name);
            // the member's id in the path: only the route's template may reach a span
            send(stack.query().baseUrl() + "/api/v1/members/" + member, token, traceId, readParent, null, null, 200);

            String publisherSpan = publisherSpanOnTheRecord(stack.topic(), member, traceId);

            await("the spans of both services").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<ReceivedSpan> trace = receiver.spans(traceId);
                Map<String, ReceivedSpan> byId = trace.stream()
                        .collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity(), (a, b) -> a));
                String tree = tree(trace);

                ReceivedSpan write = trace.stream().filter(span -> span.service().equals(COMMAND)
                        && span.kind().equals("SPAN_KIND_SERVER") && span.parentSpanId().equals(writeParent)
                        && span.attributes().getOrDefault("status", "").equals("201")).findFirst()
                        .orElseThrow(() -> new AssertionError("no HTTP span of the registration in\n" + tree));
                assertThat(write.name()).as(tree).isEqualTo("http post /api/v1/members");
                assertThat(write.traceState()).as("the client's trace state continues").contains(planted.value());

                ReceivedSpan publication = byId.get(publisherSpan);
                assertThat(publication).as("the record's traceparent names a span of the command service in\n%s", tree)
                        .isNotNull();
                assertThat(publication.service()).isEqualTo(COMMAND);
                List<ReceivedSpan> toPublication = ancestors(publication, byId);
                assertThat(toPublication).as("from the publisher's span up to the write's, in\n%s", tree)
                        .contains(write)
                        .anySatisfy(span -> assertThat(span.name()).contains("RegisterMember"));

                List<ReceivedSpan> projections = trace.stream()
                        .filter(span -> span.service().equals(QUERY) && ancestors(span, byId).contains(publication))
                        .toList();
                for (String projection : List.of("MemberProfileProjection", "HistoryProjection", "ConsentProjection",
                        "ShareProjection")) {
                    assertThat(projections).as("a span of %s under the publisher's, in\n%s", projection, tree)
                            .anySatisfy(span -> assertThat(span.name()).startsWith(projection + ".on("));
                }

                ReceivedSpan read = trace.stream().filter(span -> span.service().equals(QUERY)
                        && span.kind().equals("SPAN_KIND_SERVER") && span.parentSpanId().equals(readParent)
                        && span.name().equals("http get /api/v1/members/me")).findFirst()
                        .orElseThrow(() -> new AssertionError("no HTTP span of the read in\n" + tree));
                assertThat(trace).as("the read's waits for the projection, in\n%s", tree)
                        .filteredOn(span -> span.parentSpanId().equals(read.spanId())
                                && span.name().equals("read-your-writes wait"))
                        .isNotEmpty()
                        .allSatisfy(wait -> {
                            assertThat(wait.attributes()).containsEntry("read_model", "member-profiles");
                            assertThat(wait.attributes().get("outcome")).isIn("immediate", "reached");
                        });
            });

            SpanWaterfall.write(receiver.spans(traceId), Path.of("target", "trace", "register-and-read.svg"));

            // log lines within the requests' spans carry the trace id
            for (ServiceProcess service : List.of(stack.command(), stack.query())) {
                assertThat(Files.readAllLines(service.log())).as("%s's log", service.log())
                        .anySatisfy(line -> assertThat(line).contains(traceId).contains("Completed 20"));
            }

            byte[] exported = receiver.everything();
            assertThat(planted.foundIn(exported)).as("the scan sees the exported spans").isNotEmpty();
            for (String value : List.of(canary, subject, token, handle, member, name, email)) {
                assertThat(Canary.of(value).foundIn(exported)).as("forms of %s in the exported spans", value).isEmpty();
            }
        }
    }

    /** The span id in the {@code traceparent} header of the member's first record, which must be in the client's trace. */
    private static String publisherSpanOnTheRecord(String topic, String member, String traceId) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        await("the registration on the topic").atMost(Duration.ofSeconds(30)).until(() -> {
            records.addAll(topicRecords(topic));
            return records.stream().anyMatch(r -> member.equals(r.key()));
        });
        ConsumerRecord<String, byte[]> record = records.stream().filter(r -> member.equals(r.key())).findFirst().orElseThrow();
        String traceparent = header(record, "traceparent").orElseThrow(() -> new AssertionError("no traceparent header"));
        assertThat(header(record, "axon-metadata-traceparent")).contains(traceparent);
        String[] fields = traceparent.split("-");
        assertThat(fields).hasSize(4);
        assertThat(fields[1]).as("the record's trace").isEqualTo(traceId);
        return fields[2];
    }

    private static Optional<String> header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return Optional.ofNullable(header).map(h -> new String(h.value(), StandardCharsets.UTF_8));
    }

    private static List<ConsumerRecord<String, byte[]>> topicRecords(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static List<ReceivedSpan> ancestors(ReceivedSpan span, Map<String, ReceivedSpan> byId) {
        List<ReceivedSpan> chain = new ArrayList<>();
        for (ReceivedSpan parent = byId.get(span.parentSpanId()); parent != null && chain.size() < 100;
             parent = byId.get(parent.parentSpanId())) {
            chain.add(parent);
        }
        return chain;
    }

    /** The trace as an indented tree, for the failure messages. */
    private static String tree(List<ReceivedSpan> trace) {
        Map<String, List<ReceivedSpan>> children = trace.stream().collect(Collectors.groupingBy(ReceivedSpan::parentSpanId));
        StringBuilder out = new StringBuilder();
        trace.stream().filter(span -> trace.stream().noneMatch(other -> other.spanId().equals(span.parentSpanId())))
                .forEach(root -> print(root, children, 0, out));
        return out.toString();
    }

    private static void print(ReceivedSpan span, Map<String, List<ReceivedSpan>> children, int depth, StringBuilder out) {
        out.append("  ".repeat(depth)).append(span.service().replace("shareledger-", "")).append(": ").append(span.name())
                .append(' ').append(span.attributes()).append('\n');
        children.getOrDefault(span.spanId(), List.of()).forEach(child -> print(child, children, depth + 1, out));
    }

    private static JsonNode send(String url, String token, String traceId, String parent, String traceState, String json,
                                 int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("traceparent", "00-" + traceId + "-" + parent + "-01");
        if (traceState != null) {
            request.header("tracestate", traceState);
        }
        if (json != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("%s %s", url, answer.body()).isEqualTo(expected);
        return answer.body().isBlank() ? JSON.nullNode() : JSON.readTree(answer.body());
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
