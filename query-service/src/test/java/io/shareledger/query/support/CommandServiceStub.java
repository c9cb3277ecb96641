package io.shareledger.query.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for the command service's audit route ({@code POST /api/v1/members/{id}/data-access})
 * in the query service's integration tests: records every call and answers 201, or the status a
 * test sets; like the command service it refuses a body without a Content-Length (411). The real route is tested in the command service; both together in the end-to-end test.
 */
public final class CommandServiceStub {

    private static final Pattern ROUTE = Pattern.compile("/api/v1/members/([0-9a-f-]{36})/data-access");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CommandServiceStub instance;

    /** One recorded call: the member, the bearer token it was made with, the body. */
    public record Call(String memberId, String authorization, JsonNode body) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile int status = 201;

    private CommandServiceStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public static synchronized CommandServiceStub get() {
        if (instance == null) {
            instance = new CommandServiceStub();
        }
        return instance;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Calls made for {@code memberId}, oldest first. */
    public List<Call> callsFor(String memberId) {
        return calls.stream().filter(c -> c.memberId().equals(memberId)).toList();
    }

    /** Answers {@code status} from now on (201 is the command service's success). */
    public void answer(int status) {
        this.status = status;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher route = ROUTE.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !route.matches()) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (exchange.getRequestHeaders().getFirst("Content-Length") == null) {
                // as the command service: a body without a length is refused
                exchange.sendResponseHeaders(411, -1);
                return;
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            int answer = status;
            if (answer == 201) {
                calls.add(new Call(route.group(1), exchange.getRequestHeaders().getFirst("Authorization"), body));
            }
            byte[] response = ("{\"id\":\"" + route.group(1) + "\",\"version\":1}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer, response.length);
            exchange.getResponseBody().write(response);
        }
    }
}
