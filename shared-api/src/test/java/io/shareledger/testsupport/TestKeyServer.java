package io.shareledger.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shareledger.api.MemberId;
import io.shareledger.api.privacy.DataKeys;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The command service's internal data-key endpoints for tests of the query service alone, over
 * real HTTP on loopback, with the {@link TestKeys#serviceToken() service token} (401 without):
 * {@code GET /internal/v1/data-keys/{subjectId}} answers the key (200), 404 when the subject has
 * none, 410 once it is destroyed; {@code POST /internal/v1/data-keys} with
 * {@code {"subjectIds": [...]}} answers the keys of many subjects and which were destroyed. Tests
 * that publish events in wire format encrypt them with {@link #keys()}, as the command service
 * would, and can count the requests of either kind.
 */
public final class TestKeyServer {

    private static final String PATH = "/internal/v1/data-keys";
    private static final String PARTIES = "/internal/v1/members/";
    private static final Pattern PARTY = Pattern.compile("/internal/v1/members/([0-9a-f-]{36})/aggregates/([0-9a-f-]{36})");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestKeyServer instance;

    private final InMemoryDataKeys keys = new InMemoryDataKeys();
    private final HttpServer server;
    private final AtomicLong singleRequests = new AtomicLong();
    private final AtomicLong batchRequests = new AtomicLong();
    private final Map<String, Set<String>> parties = new ConcurrentHashMap<>();

    private TestKeyServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(PATH, this::serve);
        server.createContext(PARTIES, this::serveParty);
        server.start();
    }

    public static synchronized TestKeyServer get() {
        if (instance == null) {
            instance = new TestKeyServer();
        }
        return instance;
    }

    /** The base URL, as the query service is configured with the command service's. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The keys served: encrypt test events with these; create a subject's key by encrypting for it. */
    public DataKeys keys() {
        return keys;
    }

    /** Destroys a subject's key, as erasure in the command service does. */
    public void destroy(MemberId subject) {
        keys.destroy(subject);
    }

    /** Records who takes part in a share, as the command service's member directory does when it is offered. */
    public void parties(String shareId, String... memberIds) {
        parties.computeIfAbsent(shareId, id -> ConcurrentHashMap.newKeySet()).addAll(List.of(memberIds));
    }

    /** {@code GET /internal/v1/members/{memberId}/aggregates/{aggregateId}}: 204 for the member itself or a party, else 404. */
    private void serveParty(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + TestKeys.serviceToken()).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            Matcher route = PARTY.matcher(exchange.getRequestURI().getPath());
            if (!"GET".equals(exchange.getRequestMethod()) || !route.matches()) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String member = route.group(1);
            String aggregate = route.group(2);
            boolean party = member.equals(aggregate) || parties.getOrDefault(aggregate, Set.of()).contains(member);
            exchange.sendResponseHeaders(party ? 204 : 404, -1);
        }
    }

    /** How many requests for one subject's key were served so far. */
    public long singleRequests() {
        return singleRequests.get();
    }

    /** How many requests for many subjects' keys were served so far. */
    public long batchRequests() {
        return batchRequests.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + TestKeys.serviceToken()).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if ("POST".equals(exchange.getRequestMethod()) && PATH.equals(exchange.getRequestURI().getPath())) {
                serveMany(exchange);
            } else if ("GET".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().startsWith(PATH + "/")) {
                serveOne(exchange);
            } else {
                exchange.sendResponseHeaders(403, -1);
            }
        }
    }

    private void serveMany(HttpExchange exchange) throws IOException {
        batchRequests.incrementAndGet();
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode found = answer.putArray("keys");
        ArrayNode destroyed = answer.putArray("destroyed");
        try {
            for (JsonNode id : JSON.readTree(exchange.getRequestBody()).path("subjectIds")) {
                MemberId subject = MemberId.of(id.asText());
                if (keys.isDestroyed(subject)) {
                    destroyed.add(subject.toString());
                } else {
                    keys.existing(subject).ifPresent(key -> found.addObject().put("subjectId", subject.toString())
                            .put("key", Base64.getEncoder().encodeToString(key.getEncoded())));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            exchange.sendResponseHeaders(400, -1);
            return;
        }
        send(exchange, JSON.writeValueAsBytes(answer));
    }

    private void serveOne(HttpExchange exchange) throws IOException {
        singleRequests.incrementAndGet();
        MemberId subject;
        try {
            subject = MemberId.of(exchange.getRequestURI().getPath().substring(PATH.length() + 1));
        } catch (IllegalArgumentException e) {
            exchange.sendResponseHeaders(400, -1);
            return;
        }
        if (keys.isDestroyed(subject)) {
            exchange.sendResponseHeaders(410, -1);
            return;
        }
        Optional<SecretKey> key = keys.existing(subject);
        if (key.isEmpty()) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        send(exchange, ("{\"subjectId\":\"" + subject + "\",\"key\":\""
                + Base64.getEncoder().encodeToString(key.get().getEncoded()) + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
