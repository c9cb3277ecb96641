package io.shareledger.infra;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A development token issuer for the local stack ONLY: anyone who can reach it gets a signed token
 * for any subject and any role. It speaks just enough OIDC for the services (discovery document,
 * JWKS, a token endpoint) and signs with RS256 using an RSA key kept in its data folder, so tokens
 * stay valid across restarts.
 *
 * <pre>
 * java -cp 'infra/target/infra-0.1.0-SNAPSHOT.jar:infra/target/lib/*' io.shareledger.infra.DevIssuer \
 *     [--host 127.0.0.1] [--port 8090] [--data-dir .data/issuer] [--audience shareledger]
 *     [--issuer http://127.0.0.1:8090] [--ttl-seconds 3600] [--allow-non-loopback]
 * </pre>
 */
public final class DevIssuer implements AutoCloseable {

    static final String KEY_FILE = "dev-issuer-rsa-key.json";
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    private static final int MAX_BODY = 16 * 1024;
    private static final int MAX_SUBJECT = 255;

    /** Settings; {@code issuer} null means "http://host:port" of the bound socket. */
    public record Config(String host, int port, Path dataDir, String audience, String issuer,
                         Duration tokenLifetime, boolean allowNonLoopback) {
        public static Config defaults() {
            return new Config("127.0.0.1", 8090, Path.of(".data", "issuer"), "shareledger", null,
                    Duration.ofHours(1), false);
        }

        public Config withHost(String value) {
            return new Config(value, port, dataDir, audience, issuer, tokenLifetime, allowNonLoopback);
        }

        public Config withPort(int value) {
            return new Config(host, value, dataDir, audience, issuer, tokenLifetime, allowNonLoopback);
        }

        public Config withDataDir(Path value) {
            return new Config(host, port, value, audience, issuer, tokenLifetime, allowNonLoopback);
        }

        public Config withAudience(String value) {
            return new Config(host, port, dataDir, value, issuer, tokenLifetime, allowNonLoopback);
        }

        public Config withIssuer(String value) {
            return new Config(host, port, dataDir, audience, value, tokenLifetime, allowNonLoopback);
        }

        public Config withTokenLifetime(Duration value) {
            return new Config(host, port, dataDir, audience, issuer, value, allowNonLoopback);
        }

        public Config withAllowNonLoopback(boolean value) {
            return new Config(host, port, dataDir, audience, issuer, tokenLifetime, value);
        }
    }

    private final Config config;
    private final RSAKey key;
    private final HttpServer server;
    private final String issuer;
    private final byte[] jwks;
    private final byte[] discovery;

    private DevIssuer(Config config) throws IOException {
        this.config = config;
        InetAddress address = InetAddress.getByName(config.host());
        if (!address.isLoopbackAddress() && !config.allowNonLoopback()) {
            throw new IllegalArgumentException("Refusing to listen on " + config.host() + " (" + address.getHostAddress()
                    + "): this development issuer signs a token for ANY subject and ANY role on request, so anyone"
                    + " who can reach it can act as anyone, privacy officers included. It binds to a loopback"
                    + " address only; pass --allow-non-loopback if you really mean to expose it (e.g. inside a"
                    + " private container network).");
        }
        if (config.audience() == null || config.audience().isBlank()) {
            throw new IllegalArgumentException("audience must not be blank");
        }
        this.key = loadOrCreateKey(config.dataDir());
        this.server = HttpServer.create(new InetSocketAddress(address, config.port()), 0);
        this.issuer = config.issuer() != null && !config.issuer().isBlank()
                ? stripTrailingSlash(config.issuer())
                : "http://" + hostForUrl(address, config.host()) + ":" + server.getAddress().getPort();
        this.jwks = JSONObjectUtils.toJSONString(new JWKSet(key.toPublicJWK()).toJSONObject(true))
                .getBytes(StandardCharsets.UTF_8);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("jwks_uri", issuer + "/jwks");
        doc.put("token_endpoint", issuer + "/token");
        doc.put("response_types_supported", List.of("token"));
        doc.put("grant_types_supported", List.of("urn:shareledger:dev-issuer"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of(JWSAlgorithm.RS256.getName()));
        doc.put("token_endpoint_auth_methods_supported", List.of("none"));
        doc.put("claims_supported", List.of("iss", "aud", "sub", "iat", "exp", "jti", "roles"));
        this.discovery = JSONObjectUtils.toJSONString(doc).getBytes(StandardCharsets.UTF_8);

        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "dev-issuer-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    public static DevIssuer start(Config config) throws IOException {
        return new DevIssuer(config);
    }

    public String issuer() {
        return issuer;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL to reach the issuer at (the bound address), which may differ from {@link #issuer()}. */
    public String baseUrl() {
        InetSocketAddress bound = server.getAddress();
        return "http://" + hostForUrl(bound.getAddress(), config.host()) + ":" + bound.getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---------------------------------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/.well-known/openid-configuration" -> {
                    if (requireMethod(exchange, method, "GET")) {
                        send(exchange, 200, discovery, "public, max-age=60");
                    }
                }
                case "/jwks" -> {
                    if (requireMethod(exchange, method, "GET")) {
                        send(exchange, 200, jwks, "public, max-age=60");
                    }
                }
                case "/token" -> {
                    if (requireMethod(exchange, method, "POST")) {
                        token(exchange);
                    }
                }
                default -> error(exchange, 404, "not_found", "Unknown path; try /.well-known/openid-configuration");
            }
        } catch (RuntimeException e) {
            // keep serving; the exchange is closed by try-with-resources
            System.err.println("dev-issuer: request failed: " + e);
        }
    }

    private boolean requireMethod(HttpExchange exchange, String method, String allowed) throws IOException {
        if (allowed.equals(method) || ("GET".equals(allowed) && "HEAD".equals(method))) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET".equals(allowed) ? "GET, HEAD" : allowed);
        error(exchange, 405, "method_not_allowed", "Use " + allowed);
        return false;
    }

    private void token(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            error(exchange, 400, "invalid_request", "Send form fields (application/x-www-form-urlencoded): sub, roles");
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            error(exchange, 400, "invalid_request", "Request body too large");
            return;
        }
        Map<String, List<String>> form;
        try {
            form = parseForm(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            error(exchange, 400, "invalid_request", "Malformed form body");
            return;
        }
        List<String> subs = form.getOrDefault("sub", List.of());
        if (subs.size() != 1 || subs.get(0).isBlank()) {
            error(exchange, 400, "invalid_request", "Exactly one non-blank 'sub' field is required");
            return;
        }
        String subject = subs.get(0).strip();
        if (subject.length() > MAX_SUBJECT || subject.chars().anyMatch(Character::isISOControl)) {
            error(exchange, 400, "invalid_request", "'sub' must be at most " + MAX_SUBJECT + " characters without control characters");
            return;
        }
        List<String> roleFields = form.getOrDefault("roles", List.of());
        if (roleFields.size() > 1) {
            error(exchange, 400, "invalid_request", "Give 'roles' once, comma-separated");
            return;
        }
        List<String> roles = new ArrayList<>();
        if (!roleFields.isEmpty() && !roleFields.get(0).isBlank()) {
            for (String role : roleFields.get(0).split(",", -1)) {
                String trimmed = role.strip();
                if (!ROLE.matcher(trimmed).matches()) {
                    error(exchange, 400, "invalid_request",
                            "Bad role name; roles are comma-separated names like member,privacy-officer ([a-z][a-z0-9_-]{0,63})");
                    return;
                }
                if (!roles.contains(trimmed)) {
                    roles.add(trimmed);
                }
            }
        }
        String jwt = sign(subject, roles);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("access_token", jwt);
        response.put("token_type", "Bearer");
        response.put("expires_in", config.tokenLifetime().toSeconds());
        send(exchange, 200, JSONObjectUtils.toJSONString(response).getBytes(StandardCharsets.UTF_8), "no-store");
    }

    String sign(String subject, List<String> roles) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(config.audience())
                .subject(subject)
                .claim("roles", List.copyOf(roles))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(config.tokenLifetime())))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }

    private static Map<String, List<String>> parseForm(String body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return form;
    }

    private static void error(HttpExchange exchange, int status, String code, String description) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("error_description", description);
        send(exchange, status, JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8), "no-store");
    }

    private static void send(HttpExchange exchange, int status, byte[] body, String cacheControl) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", cacheControl);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    // ----------------------------------------------------------------------------------------- key

    static RSAKey loadOrCreateKey(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(KEY_FILE);
        if (Files.exists(file)) {
            try {
                RSAKey loaded = RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
                if (!loaded.isPrivate()) {
                    throw new IOException(file + " holds no private key");
                }
                return loaded;
            } catch (ParseException e) {
                throw new IOException("Cannot read the issuer key " + file
                        + " (delete it to get a new key; tokens issued before will stop verifying)", e);
            }
        }
        RSAKey generated;
        try {
            generated = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an RSA key", e);
        }
        Path temp = Files.createTempFile(dataDir, KEY_FILE, ".tmp");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(temp, generated.toJSONString(), StandardCharsets.UTF_8);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file);
        }
        return generated;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String hostForUrl(InetAddress address, String configured) {
        if (address.isAnyLocalAddress()) {
            return "127.0.0.1";
        }
        String literal = address.getHostAddress();
        if (configured.equals(literal) || configured.equals("[" + literal + "]")) {
            return literal.contains(":") ? "[" + literal + "]" : literal;
        }
        return configured;
    }

    // ---------------------------------------------------------------------------------------- main

    public static void main(String[] args) throws Exception {
        // a JDK HTTP server answers each request ~40 ms late without it (Nagle and delayed acknowledgements)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Config config;
        try {
            config = parseArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("dev-issuer: " + e.getMessage());
            System.exit(2);
            return;
        }
        DevIssuer issuer;
        try {
            issuer = start(config);
        } catch (IllegalArgumentException e) {
            System.err.println("dev-issuer: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IOException e) {
            System.err.println("dev-issuer: cannot start: " + e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            issuer.close();
            stopped.countDown();
        }, "dev-issuer-shutdown"));
        System.out.println("dev-issuer: DEVELOPMENT ONLY - signs tokens for anyone who asks");
        System.out.println("dev-issuer: listening on " + issuer.baseUrl() + " (issuer " + issuer.issuer()
                + ", audience " + config.audience() + ", key in " + config.dataDir().resolve(KEY_FILE) + ")");
        System.out.println("dev-issuer: curl -s -X POST " + issuer.baseUrl() + "/token -d sub=alice -d roles=member");
        stopped.await();
    }

    static Config parseArgs(String[] args) {
        Config config = Config.defaults();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--allow-non-loopback" -> config = config.withAllowNonLoopback(true);
                case "--host" -> config = config.withHost(value(args, ++i, arg));
                case "--port" -> config = config.withPort(intValue(args, ++i, arg));
                case "--data-dir" -> config = config.withDataDir(Path.of(value(args, ++i, arg)));
                case "--audience" -> config = config.withAudience(value(args, ++i, arg));
                case "--issuer" -> config = config.withIssuer(value(args, ++i, arg));
                case "--ttl-seconds" -> {
                    int seconds = intValue(args, ++i, arg);
                    if (seconds < 1) {
                        throw new IllegalArgumentException("--ttl-seconds must be positive");
                    }
                    config = config.withTokenLifetime(Duration.ofSeconds(seconds));
                }
                case "--help", "-h" -> throw new IllegalArgumentException("usage: DevIssuer [--host 127.0.0.1] [--port 8090]"
                        + " [--data-dir .data/issuer] [--audience shareledger] [--issuer URL] [--ttl-seconds 3600]"
                        + " [--allow-non-loopback]");
                default -> throw new IllegalArgumentException("unknown argument " + arg + " (try --help)");
            }
        }
        return config;
    }

    private static String value(String[] args, int index, String name) {
        if (index >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[index];
    }

    private static int intValue(String[] args, int index, String name) {
        try {
            return Integer.parseInt(value(args, index, name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number");
        }
    }
}
