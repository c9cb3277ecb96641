package io.shareledger.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * Seeded fuzzing of a service over raw HTTP (issue 9). A case is a valid request of one route with
 * exactly one {@link Mutation defect}, a change the route must refuse (a bad caller, method, path,
 * query, header or body), and up to two mutations of other parts ("noise") that may add reasons to
 * refuse it but never take the defect away. {@link #violation} is what every answer is held to: no
 * 5xx, every error problem+json naming its status, the whole answer within {@link #TIMEOUT}.
 * {@code -Dfuzz.seed=N} repeats a run (the same cases, with this run's ids and tokens); without it
 * the seed is random. Nothing printed holds a token or a header value: a request is summed up by
 * its method, target, caller label and the names of its mutations.
 */
public final class Fuzz {

    /** An answer that takes longer than this counts as a hang. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The parts of a request; the noise of a case never changes the part its defect changed. */
    public enum Part { CALLER, METHOD, PATH, QUERY, HEADERS, BODY, IF_MATCH, IF_NONE_MATCH, IDEMPOTENCY_KEY }

    /** A named change of one part of a request. */
    public record Mutation(String name, Part part, BiConsumer<Request, Random> change) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fuzz() {
    }

    /** {@code -Dfuzz.seed}, or a random seed. */
    public static long seed() {
        String given = System.getProperty("fuzz.seed");
        return given == null || given.isBlank() ? new SecureRandom().nextLong() : Long.parseLong(given.trim());
    }

    /** The UTF-8 bytes of {@code text} as the ISO-8859-1 characters that {@link Request} sends byte for byte. */
    public static String raw(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    public static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /**
     * A request as it goes on the wire. Path, query and header values are strings of ISO-8859-1
     * characters, one per byte, so that any byte can be sent (see {@link #raw}).
     */
    public static final class Request {

        private String route;
        private String method;
        private String path;
        private String query;
        private final List<String[]> headers = new ArrayList<>();
        private byte[] body;
        private Integer declaredLength;
        private boolean chunked;
        private boolean host = true;
        private String caller = "nobody";
        private String defect = "none";
        private final List<String> noise = new ArrayList<>();

        public Request(String method, String path) {
            this.route = method + " " + path;
            this.method = method;
            this.path = path;
        }

        /** The route the request is a case of, as the tally counts it. */
        public String route() {
            return route;
        }

        public Request route(String route) {
            this.route = route;
            return this;
        }

        public String method() {
            return method;
        }

        public Request method(String method) {
            this.method = method;
            return this;
        }

        public String path() {
            return path;
        }

        public Request path(String path) {
            this.path = path;
            return this;
        }

        /** The query string without '?', or null. */
        public String query() {
            return query;
        }

        public Request query(String query) {
            this.query = query;
            return this;
        }

        /** Appends {@code name=value} (both as sent) to the query string. */
        public Request param(String name, String value) {
            String pair = name + "=" + value;
            query = query == null ? pair : query + "&" + pair;
            return this;
        }

        public Request header(String name, String value) {
            headers.add(new String[]{name, value});
            return this;
        }

        /** Replaces every header of that name (case-insensitively) by this one. */
        public Request replaceHeader(String name, String value) {
            removeHeader(name);
            return header(name, value);
        }

        public Request removeHeader(String name) {
            headers.removeIf(h -> h[0].equalsIgnoreCase(name));
            return this;
        }

        public boolean hasHeader(String name) {
            return headers.stream().anyMatch(h -> h[0].equalsIgnoreCase(name));
        }

        /** The caller's bearer token, and its label for the tally (tokens are never printed). */
        public Request as(String label, String token) {
            caller = label;
            removeHeader("Authorization");
            if (token != null) {
                header("Authorization", "Bearer " + token);
            }
            return this;
        }

        /** A caller made up by a defect: the label names it, the header is set by the defect. */
        public Request caller(String label) {
            caller = label;
            return this;
        }

        public Request json(String json) {
            body = json.getBytes(StandardCharsets.UTF_8);
            return replaceHeader("Content-Type", "application/json");
        }

        public byte[] body() {
            return body;
        }

        /** The body's bytes as they are, with the request's Content-Type unchanged; null for none. */
        public Request body(byte[] body) {
            this.body = body;
            return this;
        }

        /** Declares a Content-Length other than the body's (null: the body's own). */
        public Request declaredLength(Integer length) {
            this.declaredLength = length;
            return this;
        }

        /** Sends the body in chunks (Transfer-Encoding: chunked) instead of with a Content-Length. */
        public Request chunked() {
            this.chunked = true;
            return this;
        }

        public Request withoutHost() {
            this.host = false;
            return this;
        }

        public String caller() {
            return caller;
        }

        public String defect() {
            return defect;
        }

        public List<String> noise() {
            return noise;
        }

        /** The request line, headers and body, byte for byte. */
        public byte[] bytes(int port) {
            StringBuilder head = new StringBuilder(method).append(' ').append(target()).append(" HTTP/1.1\r\n");
            if (host && !hasHeader("Host")) {
                head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            }
            head.append("Connection: close\r\n");
            for (String[] header : headers) {
                head.append(header[0]).append(": ").append(header[1]).append("\r\n");
            }
            if (body != null && chunked) {
                head.append("Transfer-Encoding: chunked\r\n");
            } else if (body != null && !hasHeader("Content-Length")) {
                head.append("Content-Length: ").append(declaredLength == null ? body.length : declaredLength).append("\r\n");
            }
            head.append("\r\n");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null && chunked) {
                for (int at = 0; at < body.length; at += 1000) {
                    int size = Math.min(1000, body.length - at);
                    bytes.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    bytes.write(body, at, size);
                    bytes.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                bytes.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else if (body != null) {
                bytes.writeBytes(body);
            }
            return bytes.toByteArray();
        }

        private String target() {
            return query == null ? path : path + "?" + query;
        }

        /** Method, target (cut short), caller, mutations and body size: never a token or a header value. */
        public String summary() {
            return printable(method, 40) + " " + printable(target(), 160) + " as " + caller + " [" + defect
                    + (noise.isEmpty() ? "" : "; " + String.join(", ", noise)) + "]"
                    + (body == null ? "" : ", body " + body.length + " bytes");
        }

        private static String printable(String text, int max) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < text.length() && out.length() < max; i++) {
                char c = text.charAt(i);
                out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02X", (int) c & 0xFF));
            }
            return text.length() > max ? out + "…(" + text.length() + " characters)" : out.toString();
        }
    }

    /**
     * Applies one defect, of a group picked first (so that a large group is not picked more often
     * than a small one), then up to two of {@code noise} that change other parts than the defect (and
     * than each other).
     */
    public static Request mutate(Request request, List<List<Mutation>> defects, List<Mutation> noise, Random random) {
        Mutation defect = pick(random, pick(random, defects));
        defect.change().accept(request, random);
        request.defect = defect.name();
        Set<Part> changed = EnumSet.of(defect.part());
        int extra = random.nextInt(3);
        for (int i = 0; i < extra; i++) {
            List<Mutation> free = noise.stream().filter(m -> !changed.contains(m.part())).toList();
            if (free.isEmpty()) {
                break;
            }
            Mutation change = pick(random, free);
            change.change().accept(request, random);
            request.noise.add(change.name());
            changed.add(change.part());
        }
        return request;
    }

    /** What a request got: the answer, or why there was none; and how long it took. */
    public record Outcome(RawHttp.Answer answer, String failure, long millis) {
    }

    public static Outcome send(int port, Request request, Duration timeout) {
        long start = System.nanoTime();
        try {
            RawHttp.Answer answer = RawHttp.exchange(port, request.bytes(port), timeout);
            return new Outcome(answer, null, (System.nanoTime() - start) / 1_000_000);
        } catch (SocketTimeoutException late) {
            return new Outcome(null, "hang: no complete answer within " + timeout.toSeconds() + " s",
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            return new Outcome(null, "no answer (" + e.getClass().getSimpleName() + ")",
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * Why an answer breaks the rules, if it does: a status of 500 or more, or an error (400 or more)
     * that is not problem+json whose {@code status} is the answer's (a HEAD answer has no body to check).
     */
    public static Optional<String> violation(String method, RawHttp.Answer answer) {
        int status = answer.status();
        if (status >= 500) {
            return Optional.of("server error " + status);
        }
        if (status < 400) {
            return Optional.empty();
        }
        String contentType = answer.contentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
            return Optional.of(status + " with content type " + contentType);
        }
        if (method.equals("HEAD")) {
            return Optional.empty();
        }
        try {
            JsonNode problem = JSON.readTree(answer.body());
            if (problem == null || problem.path("status").asInt() != status) {
                return Optional.of(status + " whose problem names status "
                        + (problem == null ? null : problem.path("status")));
            }
        } catch (IOException e) {
            return Optional.of(status + " whose problem+json body is not JSON");
        }
        return Optional.empty();
    }

    /** The counts of a run, and the requests whose answers broke the rules. */
    public static final class Tally {

        private static final int LISTED_FAILURES = 20;

        private final String service;
        private final long seed;
        private final long start = System.nanoTime();
        private final Map<Integer, Integer> statuses = new TreeMap<>();
        private final Map<String, Map<Integer, Integer>> routes = new LinkedHashMap<>();
        private final Map<String, Integer> defects = new TreeMap<>();
        private final List<String> failures = new ArrayList<>();
        private int sent;
        private int checkedErrors;
        private long slowestMillis = -1;
        private String slowest;

        /** Prints the seed at once, so that it is known even if the run dies. */
        public Tally(String service, long seed) {
            this.service = service;
            this.seed = seed;
            System.out.println("fuzz " + service + ": seed " + seed + " (repeat with -Dfuzz.seed=" + seed + ")");
        }

        public void record(Request request, Outcome outcome) {
            sent++;
            int status = outcome.answer() == null ? -1 : outcome.answer().status();
            statuses.merge(status, 1, Integer::sum);
            routes.computeIfAbsent(request.route(), r -> new TreeMap<>()).merge(status, 1, Integer::sum);
            defects.merge(request.defect().replaceAll(":.*", ""), 1, Integer::sum);
            if (outcome.millis() > slowestMillis) {
                slowestMillis = outcome.millis();
                slowest = request.summary();
            }
            Optional<String> violation = outcome.answer() == null ? Optional.of(outcome.failure())
                    : violation(request.method(), outcome.answer());
            if (status >= 400) {
                checkedErrors++;
            }
            violation.ifPresent(why -> failures.add(why + ": " + request.summary()));
        }

        public int sent() {
            return sent;
        }

        /** The answers of 400 or more, each checked for problem+json. */
        public int checkedErrors() {
            return checkedErrors;
        }

        /** Per route, the count of each status (-1: no answer). */
        public Map<String, Map<Integer, Integer>> routes() {
            return routes;
        }

        public List<String> failures() {
            return failures;
        }

        /** The seed, the counts per status, route and defect, and the failures (the first few in full). */
        public String report() {
            StringBuilder report = new StringBuilder();
            String prefix = "fuzz " + service + ": ";
            report.append(prefix).append("seed ").append(seed).append(", ").append(sent).append(" requests in ")
                    .append(String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9)).append(" s, ")
                    .append(failures.size()).append(" failures\n");
            report.append(prefix).append("statuses ").append(counts(statuses)).append('\n');
            report.append(prefix).append("defects ").append(defects.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))).append('\n');
            report.append(prefix).append("slowest ").append(slowestMillis).append(" ms: ").append(slowest).append('\n');
            routes.forEach((route, counts) -> report.append(prefix).append("  ").append(route).append(": ")
                    .append(counts.values().stream().mapToInt(Integer::intValue).sum()).append(" (")
                    .append(counts(counts)).append(")\n"));
            failures.stream().limit(LISTED_FAILURES)
                    .forEach(f -> report.append(prefix).append("FAILED ").append(f).append('\n'));
            if (failures.size() > LISTED_FAILURES) {
                report.append(prefix).append("... and ").append(failures.size() - LISTED_FAILURES).append(" more\n");
            }
            return report.toString();
        }

        private static String counts(Map<Integer, Integer> counts) {
            return counts.entrySet().stream()
                    .map(e -> (e.getKey() < 0 ? "none" : e.getKey()) + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The catalogue of defects and noise. A defect must be refused by any route it is listed for;
    // the comments say why where it is not obvious.

    /**
     * Bad credentials, whatever the route: no token, a broken header, a token the issuer did not give
     * or that is no longer good, the valid token mangled.
     */
    public static List<Mutation> badCredentials(TestIssuer issuer, String validToken) {
        String subject = "fuzz-" + UUID.randomUUID();
        List<String> badTokens = List.of(issuer.expiredToken(subject), issuer.tokenWithWrongSignature(subject),
                issuer.unsignedToken(subject), issuer.hmacToken(subject), issuer.tamperedToken(subject),
                issuer.tokenWithoutSubject(), issuer.tokenWithoutExpiry(subject),
                issuer.tokenForAudience(subject, "another-audience"),
                issuer.tokenFromIssuer(subject, "http://another-issuer"),
                "abc", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "null", "%00", raw("töken"), "\u00ff\u00fe",
                "x".repeat(9 * 1024), "x".repeat(100 * 1024));
        List<String> badHeaders = new ArrayList<>(List.of("", "Bearer", "Bearer ", "Basic dXNlcjpwYXNzd29yZA==",
                "Digest username=\"x\"", "bearer", "Token abc", "Bearer " + "a b c"));
        List<Mutation> defects = new ArrayList<>(List.of(
                new Mutation("caller: none", Part.CALLER, (r, random) -> r.as("nobody", null)),
                new Mutation("caller: bad token", Part.CALLER, (r, random) -> r.as("a bad token", pick(random, badTokens))),
                new Mutation("caller: bad Authorization", Part.CALLER, (r, random) ->
                        r.caller("a bad Authorization header").replaceHeader("Authorization", pick(random, badHeaders)))));
        if (validToken != null) {
            defects.add(new Mutation("caller: mangled token", Part.CALLER, (r, random) -> {
                String[] forms = {"Bearer  " + validToken, "Bearer " + validToken + " x", "Bearer " + validToken + "\u00ff",
                        "Bearer " + validToken.substring(0, validToken.length() - 2), "Bearer " + validToken + ".x",
                        "Basic " + validToken, "Bearer\t" + validToken};
                r.caller("a mangled token").replaceHeader("Authorization", forms[random.nextInt(forms.length)]);
            }));
            // the first Authorization header is the one read
            defects.add(new Mutation("caller: two Authorization headers", Part.CALLER, (r, random) ->
                    r.caller("two Authorization headers").replaceHeader("Authorization", "Bearer " + pick(random, badTokens))
                            .header("Authorization", "Bearer " + validToken)));
        }
        return defects;
    }

    /** Valid tokens of callers the route does not allow (labels to tokens). */
    public static List<Mutation> foreignCallers(Map<String, String> callers) {
        List<Map.Entry<String, String>> entries = List.copyOf(callers.entrySet());
        return List.of(new Mutation("caller: not allowed", Part.CALLER, (r, random) -> {
            Map.Entry<String, String> caller = pick(random, entries);
            r.as(caller.getKey(), caller.getValue());
        }));
    }

    /**
     * Other methods than the route's, leaving out HEAD (a GET by another name) and those mapped at
     * the same path ({@code alsoMapped}), which would be other valid requests.
     */
    public static List<Mutation> otherMethods(String method, String... alsoMapped) {
        List<String> methods = new ArrayList<>(List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE",
                "CONNECT", "PROPFIND", "FOO", "post", "get", raw("GÉT"), "M".repeat(300), "G\u0000T", "GET /x"));
        methods.remove(method);
        methods.removeAll(List.of(alsoMapped));
        return List.of(new Mutation("method", Part.METHOD, (r, random) -> r.method(pick(random, methods))));
    }

    private static final List<String> BAD_IDS = List.of("not-a-uuid", "1", "-1", "0x1", "null", "%20", "+", "*",
            "00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-00000000000",
            "g0000000-0000-0000-0000-000000000000",
            "%00", "a%00b", "%2F", "a%2Fb", "%2e%2e", "..%2F..", "%5C", "a%5Cb", "{id}", "%7Bid%7D", "%ZZ", "%", "%252F",
            "x;y=1", ";", "%3B", "%C3%BC", raw("ü"), raw("١٢٣"), "%FF", "\u00ff", "\u00c3\u0028", "%C0%AF", "%E2%80%AE",
            "%EF%BF%BF", "%ED%A0%80", "a%09b", "x".repeat(3000), "%41".repeat(2000));

    /** Whole paths; not with a space appended, which Spring trims off an id at the end of a path. */
    private static final List<String> BAD_PATHS = List.of("%s/", "%s/x", "%s.json", "%s%%00", "%s%%2F", "/%s",
            "%s/../../../../../../../../etc/passwd", "%s/%%2e%%2e/%%2e%%2e/etc", "%s;jsessionid=0", "%s#x", "%s%%3Bx=1",
            "%s/" + "a/".repeat(500), "%s/" + "x".repeat(20_000), "%s\u00ff", "%s" + raw("ß"), "%s\\x", "%s x");

    /**
     * Bad paths: one of {@code ids} (a path segment) replaced by something that is no such id (a
     * different valid id is not among them), or the whole path changed so that it names no route.
     * Never a change the server undoes ("/./", an encoded letter, an absolute URL).
     */
    public static List<Mutation> badPaths(String... ids) {
        List<Mutation> defects = new ArrayList<>();
        defects.add(new Mutation("path", Part.PATH, (r, random) -> {
            r.path(String.format(pick(random, BAD_PATHS), r.path()));
            if (random.nextInt(4) == 0) {
                r.path(r.path().toUpperCase(Locale.ROOT));
            }
        }));
        if (ids.length > 0) {
            defects.add(new Mutation("path: bad id", Part.PATH, (r, random) -> {
                String id = ids[random.nextInt(ids.length)];
                String bad = random.nextInt(5) == 0 ? UUID.randomUUID().toString() : pick(random, BAD_IDS);
                r.path(r.path().replace(id, bad));
            }));
        }
        return defects;
    }

    /** Values the named query parameter does not accept. */
    public static Mutation badParameter(String name, List<String> values) {
        return new Mutation("query: " + name, Part.QUERY, (r, random) -> r.param(name, pick(random, values)));
    }

    /**
     * Headers no request may have: too large all together, not a header at all, a value with bytes
     * no header may hold, a Content-Length that is no length, a Host that is no host, two or none.
     */
    public static List<Mutation> badHeaders() {
        List<Mutation> defects = new ArrayList<>();
        Map<String, String[]> headers = new LinkedHashMap<>();
        headers.put("200 KB of headers", new String[]{"X-Padding", "p".repeat(200 * 1024)});
        headers.put("a control character", new String[]{"X-Control", "a\u0001b"});
        headers.put("a NUL", new String[]{"X-Nul", "a\u0000b"});
        headers.put("a space in a name", new String[]{"X-Bad Name", "x"});
        headers.put("a bare CR", new String[]{"X-Cr", "a\rb"});
        headers.put("no name", new String[]{"", "no name"});
        headers.put("a line without a colon", new String[]{"no colon here\r\nX-After", "x"});
        headers.put("Content-Length abc", new String[]{"Content-Length", "abc"});
        headers.put("Content-Length -1", new String[]{"Content-Length", "-1"});
        headers.put("Content-Length too large", new String[]{"Content-Length", "99999999999999999999"});
        headers.put("a bad Host", new String[]{"Host", "\u00ff"});
        headers.put("a Host with a space", new String[]{"Host", "a b"});
        headers.forEach((name, header) -> defects.add(new Mutation("headers: " + name, Part.HEADERS,
                (r, random) -> r.header(header[0], header[1]))));
        defects.add(new Mutation("headers: two Hosts", Part.HEADERS,
                (r, random) -> r.header("Host", "127.0.0.1").header("Host", "127.0.0.2")));
        defects.add(new Mutation("headers: no Host", Part.HEADERS, (r, random) -> r.withoutHost()));
        return defects;
    }

    /** If-Match values that are no current version: malformed (400) or far beyond any version here (409). */
    public static List<Mutation> badIfMatch() {
        List<String> values = List.of("abc", "\"abc\"", "\"-1\"", "\"1.5\"", "\"1e3\"", "\"" + "9".repeat(19) + "\"",
                "\"999999\"", "W/\"999999\"", "W/\"x\"", "\"\"", "\"", "W/", "\"1\", \"2\"", raw("\"١\""), "\"0\"x",
                "\"" + "1".repeat(5000) + "\"", "\u00ff", "\"%00\"");
        return List.of(new Mutation("If-Match", Part.IF_MATCH,
                (r, random) -> r.replaceHeader("If-Match", pick(random, values))));
    }

    /** Idempotency keys the write API refuses: empty or longer than 200 characters. */
    public static List<Mutation> badIdempotencyKeys() {
        List<String> values = List.of("", "k".repeat(201), "k".repeat(20_000), raw("é").repeat(150));
        return List.of(new Mutation("Idempotency-Key", Part.IDEMPOTENCY_KEY, (r, random) ->
                r.replaceHeader("Idempotency-Key", pick(random, values))));
    }

    private static final List<String> NOT_JSON = List.of("{", "}", "[", "]", "{\"a\":}", "{'a':'b'}", "NaN", "nul",
            "\"text\"", "12", "true", "[1,2]", "{\"a\" 1}", "{,}", "\u0000", "<?xml version=\"1.0\"?><a/>",
            "// comment\n{}", "{\"a\":1,}", "a=1&b=2", "\u00ff\u00fe{\u0000}", " ");

    private static final List<String> WRONG_TYPES = List.of("1", "-0.5", "1e309", "-1e309", "true", "false", "[]", "{}",
            "[\"x\"]", "{\"a\":1}", "123456789012345678901234567890", "-9223372036854775809", "1" + "0".repeat(2000),
            "0." + "0".repeat(1500) + "1", "1e999999999", "[" + "[".repeat(3000) + "]".repeat(3000) + "]",
            "{\"a\":".repeat(1500) + "1" + "}".repeat(1500));

    /** JSON string contents (escaped as in JSON) that no field of the write API takes (ADR 0014), or too long for any. */
    private static final List<String> HOSTILE_STRINGS = List.of("\\u0000", "a\\u0000b", "\\u0001", "a\\rb", "\\u007f",
            "\\u0085", "\\ud800", "\\udc00", "a\\ud83d", "\\ud83d\\ud83d", "\\u202e", "a\\u202ab", "\\u2066", "\\u2069",
            "\\u2028", "\\u2029", "\\ufdd0", "\\uffff", "\\ufffe", "\\ud83f\\udffe", "x".repeat(5000), "\u00e9".repeat(3000),
            "a\u0001b", "a\u001bb", "\\u202e" + "x".repeat(50));

    /**
     * Bytes that are no UTF-8. Overlong forms are among them only as forms of NUL: the JSON reader
     * decodes an overlong form to its character (C0 AF to '/'), and NUL is a character no field takes.
     */
    private static final List<byte[]> INVALID_UTF8 = List.of(new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xFE},
            new byte[]{(byte) 0xC3, 0x28}, new byte[]{(byte) 0xC0, (byte) 0x80},
            new byte[]{(byte) 0xE0, (byte) 0x80, (byte) 0x80}, new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[]{(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            new byte[]{(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[]{(byte) 0x80},
            new byte[]{'a', (byte) 0xE2, (byte) 0x82});

    private static final List<String> UNKNOWN_FIELDS = List.of("unknown", "__proto__", "constructor", "id", "memberId",
            "version", "subject", "roles", "HANDLE", "Reason", "x".repeat(300), "\\u0000", "\u00fcn\u00efc\u00f6de", "");

    /** Content types that are not JSON, for a body that is. */
    private static final List<String> NOT_JSON_TYPES = List.of("*/*", "application/*", "text/plain", "text/json",
            "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/problem+json", "application/json-patch+json", "application/merge-patch+json", "json", "",
            ";;;", "application/json/x", "\u00ff/\u00ff", "application", "application/jsonx");

    /**
     * Malformed bodies for a route that reads a JSON object whose valid form is {@code fields}
     * (names to JSON values). {@code optional}: the route also takes no body at all, so an empty
     * one is no defect there.
     */
    public static List<Mutation> badJsonBodies(Map<String, String> fields, boolean optional) {
        List<String> names = List.copyOf(fields.keySet());
        List<Mutation> defects = new ArrayList<>(List.of(
                body("truncated JSON", (r, random) -> {
                    byte[] whole = object(fields).getBytes(StandardCharsets.UTF_8);
                    r.body(Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1)));
                }),
                body("not JSON", (r, random) -> r.body(pick(random, NOT_JSON).getBytes(StandardCharsets.UTF_8))),
                body("unknown field", (r, random) -> {
                    Map<String, String> more = new LinkedHashMap<>(fields);
                    more.put(pick(random, UNKNOWN_FIELDS), pick(random, List.of("1", "\"x\"", "null", "{}")));
                    r.json(object(more));
                }),
                body("duplicate key", (r, random) -> {
                    String name = pick(random, names);
                    String whole = object(fields);
                    r.json(whole.substring(0, whole.length() - 1) + ",\"" + name + "\":" + fields.get(name) + "}");
                }),
                body("wrong type", (r, random) ->
                        r.json(object(with(fields, pick(random, names), pick(random, WRONG_TYPES))))),
                body("hostile string", (r, random) -> r.json(object(with(fields, pick(random, names),
                        "\"" + pick(random, HOSTILE_STRINGS) + "\"")))),
                body("invalid UTF-8", (r, random) -> {
                    String[] around = object(with(fields, pick(random, names), "\"a@@@b\"")).split("@@@");
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    bytes.writeBytes(around[0].getBytes(StandardCharsets.UTF_8));
                    bytes.writeBytes(pick(random, INVALID_UTF8));
                    bytes.writeBytes(around[1].getBytes(StandardCharsets.UTF_8));
                    r.json("").body(bytes.toByteArray());
                }),
                body("gzip body", (r, random) -> {
                    r.json("").body(gzip(object(fields)));
                    if (random.nextBoolean()) {
                        r.header("Content-Encoding", "gzip");
                    }
                }),
                body("Content-Type not JSON", (r, random) -> r.json(object(fields)).replaceHeader("Content-Type",
                        pick(random, NOT_JSON_TYPES))),
                body("no Content-Type", (r, random) -> r.json(object(fields)).removeHeader("Content-Type")),
                // the body is cut short: what is read is a strict prefix of a JSON object
                body("Content-Length shorter than the body", (r, random) -> {
                    r.json(object(fields));
                    r.declaredLength(1 + random.nextInt(r.body().length - 1));
                })));
        if (!optional) {
            defects.add(body("empty body", (r, random) -> r.json("")));
            defects.add(body("no body", (r, random) -> r.body(null)));
        }
        return defects;
    }

    /** A body of some other type than JSON, for a route that reads none (the write API refuses it, 415). */
    public static List<Mutation> nonJsonBodies() {
        return List.of(body("body not JSON", (r, random) -> r.body(pick(random, NOT_JSON).getBytes(StandardCharsets.UTF_8))
                .replaceHeader("Content-Type", pick(random, NOT_JSON_TYPES))));
    }

    /** Any body, for a read (the query API refuses a body on a GET, 413). */
    public static List<Mutation> anyBodies() {
        return List.of(body("a body on a read", (r, random) -> {
            r.body(pick(random, NOT_JSON).getBytes(StandardCharsets.UTF_8));
            if (random.nextBoolean()) {
                r.replaceHeader("Content-Type", random.nextBoolean() ? "application/json" : pick(random, NOT_JSON_TYPES));
            }
        }));
    }

    /** Bodies without a length (chunked, 411), beyond the size limit (413), or with transfer codings nobody asked for. */
    public static List<Mutation> unframedOrOversizedBodies() {
        List<String> codings = List.of("gzip", "gzip, chunked", "identity", "chunked, chunked", "foo", "chunked;x=1",
                "CHUNKED", " chunked");
        return List.of(
                body("chunked body", (r, random) ->
                        r.json("{\"a\":\"" + "x".repeat(random.nextInt(3000)) + "\"}").chunked()),
                body("oversized body", (r, random) ->
                        r.json("{\"a\":\"" + "x".repeat(17 * 1024 + random.nextInt(40_000)) + "\"}")),
                body("transfer coding", (r, random) ->
                        r.json("{\"a\":1}").header("Transfer-Encoding", pick(random, codings))));
    }

    private static Mutation body(String name, BiConsumer<Request, Random> change) {
        return new Mutation("body: " + name, Part.BODY, change);
    }

    /**
     * Changes that may add a reason to refuse a request but never make a refused one valid: odd
     * Accept and other headers, conditional headers and idempotency keys (on routes that read them
     * they only add checks), query parameters no route here reads, and, for a route that reads a
     * JSON body, content type spellings, a Content-Encoding claim and a Content-Length longer than
     * the body. {@code minVersion}, {@code waitFor} and {@code reason} are left to the routes' own
     * defects: a valid wait would slow the run down, and a reason is what a privacy officer's write needs.
     */
    public static List<Mutation> noise(boolean readsJsonBody) {
        List<String> accepts = List.of("*/*", "application/xml", "text/html", "application/json;q=0", "garbage",
                "application/problem+json", "image/png, */*;q=0", ";;", "\u00ff", "text/*;q=0.5, application/*",
                "application/json;charset=bogus", "*/*;q=x");
        List<String[]> extras = List.of(new String[]{"X-Forwarded-For", "garbage, ::1"},
                new String[]{"X-Forwarded-Proto", "gopher"}, new String[]{"Forwarded", "for=\"[garbage]\""},
                new String[]{"Origin", "null"}, new String[]{"Cookie", "JSESSIONID=0; x=%00"},
                new String[]{"Range", "bytes=9-1"}, new String[]{"Accept-Encoding", "gzip, br, x"},
                new String[]{"Accept-Language", "*;q=2"}, new String[]{"Accept-Charset", "utf-7"},
                new String[]{"Max-Forwards", "-1"}, new String[]{"X-HTTP-Method-Override", "DELETE"},
                new String[]{"TE", "trailers"}, new String[]{"X-" + "n".repeat(500), "x"},
                new String[]{"X-Unicode", raw("ünïcödé ✓")}, new String[]{"X-Latin", "\u00ff\u00fe"},
                new String[]{"Content-Language", "xx-\u00ff"}, new String[]{"Warning", "199 - \"x\""},
                // folded (obs-fold): Tomcat unfolds it, as RFC 9112 allows, so it is no defect
                new String[]{"X-Folded", "a\r\n continued"});
        List<String> conditions = List.of("*", "", "\"x\"", "W/\"1\"", "W/", "\"" + "1".repeat(20) + "\"", "garbage", "\u00ff",
                "\"0\", \"1\", *", "x".repeat(5000));
        List<String> keys = List.of("fuzz-" + UUID.randomUUID(), "", "k".repeat(201), raw("ключ"), "\u00ff", " k ");
        List<String> params = List.of("limit=abc", "limit=-1", "limit=0", "limit=99999999999", "cursor=%ZZ", "cursor=!!",
                "page=-1", "size=1e9", "sort=%3Bdrop", "direction=sideways", "status=%E2%80%AE", "q=" + "q".repeat(2000),
                "%00=%00", "=x", "&&&", "a[b]=1", "x=%FF", "x=%C0%AF", "x=" + raw("ü"), "x", "x=1&x=2&x=3");
        List<String> jsonTypes = List.of("application/json;charset=UTF-8", "application/json; charset=\"utf-8\"",
                "APPLICATION/JSON", "application/json;charset=latin1", "application/json;charset=bogus",
                "application/json; charset=utf-16", "application/json;;", "application/json; x=\"unterminated",
                "application/json; charset=UTF-8; charset=UTF-16", "application/json ; q=1");
        List<Mutation> noise = new ArrayList<>(List.of(
                new Mutation("Accept", Part.HEADERS, (r, random) -> r.replaceHeader("Accept", pick(random, accepts))),
                new Mutation("odd header", Part.HEADERS, (r, random) -> {
                    String[] header = pick(random, extras);
                    r.header(header[0], header[1]);
                }),
                new Mutation("If-Match", Part.IF_MATCH,
                        (r, random) -> r.replaceHeader("If-Match", pick(random, conditions))),
                new Mutation("If-None-Match", Part.IF_NONE_MATCH,
                        (r, random) -> r.replaceHeader("If-None-Match", pick(random, conditions))),
                new Mutation("Idempotency-Key", Part.IDEMPOTENCY_KEY,
                        (r, random) -> r.replaceHeader("Idempotency-Key", pick(random, keys))),
                new Mutation("query", Part.QUERY, (r, random) -> r.query(r.query() == null ? pick(random, params)
                        : r.query() + "&" + pick(random, params)))));
        if (readsJsonBody) {
            noise.add(new Mutation("JSON content type", Part.BODY,
                    (r, random) -> r.replaceHeader("Content-Type", pick(random, jsonTypes))));
            noise.add(new Mutation("Content-Encoding", Part.BODY, (r, random) -> r.header("Content-Encoding", pick(random,
                    List.of("gzip", "deflate", "br", "identity", "x")))));
            noise.add(new Mutation("Content-Length longer than the body", Part.BODY, (r, random) ->
                    r.declaredLength(r.body() == null ? null : r.body().length + 1 + random.nextInt(64))));
        }
        return noise;
    }

    private static Map<String, String> with(Map<String, String> fields, String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(fields);
        changed.put(name, value);
        return changed;
    }

    /** The JSON object of these fields (names to JSON values), compact. */
    public static String object(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
