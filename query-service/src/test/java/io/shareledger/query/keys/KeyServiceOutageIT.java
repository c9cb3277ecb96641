package io.shareledger.query.keys;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shareledger.api.MemberId;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.query.support.Api;
import io.shareledger.query.support.EventPublisher;
import io.shareledger.query.support.StandaloneService;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestIssuer;
import io.shareledger.testsupport.TestKeyServer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When the key service is down, events that need a key wait for it: the live processors retry
 * their batch, nothing is parked as a dead letter and nothing is read as erased; once the key
 * service answers again, the events are applied.
 */
class KeyServiceOutageIT {

    private final String topic = "key-outage-" + UUID.randomUUID();
    private final AtomicBoolean up = new AtomicBoolean(false);
    private final AtomicInteger refused = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer gate;
    private ConfigurableApplicationContext service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (gate != null) {
            gate.stop(0);
        }
    }

    @Test
    void eventsWaitForTheKeyServiceInsteadOfBeingParked() throws Exception {
        gate = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gate.createContext("/", this::forwardOrRefuse);
        gate.start();
        TestDatabase db = TestDatabase.get().fresh();
        EventPublisher.createTopic(topic);
        service = StandaloneService.start(db, "--shareledger.kafka.topic=" + topic,
                "--shareledger.crypto.key-service.url=http://127.0.0.1:" + gate.getAddress().getPort());
        Api api = StandaloneService.api(service);

        String subject = "subject-" + UUID.randomUUID();
        MemberId member = MemberId.random();
        String handle = "m_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        EventPublisher events = EventPublisher.get();
        ProducerRecord<String, byte[]> registered = events.record(member.toString(), 0,
                new MemberRegisteredEvent(member, subject, handle, "Display " + handle, handle + "@example.org"), Instant.now());
        events.send(new ProducerRecord<>(topic, null, registered.key(), registered.value(), registered.headers()));
        String token = TestIssuer.get().memberToken(subject);

        await("the key service refused requests").atMost(Duration.ofSeconds(30)).until(() -> refused.get() >= 2);
        assertThat(api.get("/api/v1/members/me").token(token).send().status()).as("not applied yet").isEqualTo(404);
        assertThat(count(db, "select count(*) from dead_letter_entry")).as("nothing parked").isZero();

        up.set(true);

        await("applied once the key service answers").atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            Api.Response me = api.get("/api/v1/members/me").token(token).send();
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().path("handle").asText()).as("decrypted, not erased").isEqualTo(handle);
        });
        assertThat(count(db, "select count(*) from dead_letter_entry")).isZero();
    }

    /** In front of the test key server: answers 503 while the key service is "down", forwards otherwise. */
    private void forwardOrRefuse(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!up.get()) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(TestKeyServer.get().url() + exchange.getRequestURI()))
                    .header("Authorization", exchange.getRequestHeaders().getFirst("Authorization"))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long count(TestDatabase db, String query) throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
