package io.shareledger.testsupport;

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
import java.util.Optional;

/**
 * The command service's internal data-key endpoint for tests of the query service alone, over
 * real HTTP on loopback: {@code GET /internal/v1/data-keys/{subjectId}} with the
 * {@link TestKeys#serviceToken() service token} answers the key (200), 404 when the subject has
 * none, 410 once it is destroyed, 401 without the token. Tests that publish events in wire format
 * encrypt them with {@link #keys()}, as the command service would.
 */
public final class TestKeyServer {

    private static final String PATH = "/internal/v1/data-keys/";
    private static TestKeyServer instance;

    private final InMemoryDataKeys keys = new InMemoryDataKeys();
    private final HttpServer server;

    private TestKeyServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(PATH, this::serve);
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

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + TestKeys.serviceToken()).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            MemberId subject;
            try {
                subject = MemberId.of(exchange.getRequestURI().getPath().substring(PATH.length()));
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
            byte[] body = ("{\"subjectId\":\"" + subject + "\",\"key\":\""
                    + Base64.getEncoder().encodeToString(key.get().getEncoded()) + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
