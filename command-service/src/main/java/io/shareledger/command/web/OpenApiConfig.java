package io.shareledger.command.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springdoc.core.models.GroupedOpenApi;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI documents, one per audience: {@code public} ({@code /api/v1}), {@code operator}
 * ({@code /admin}) and {@code internal} ({@code /internal}, the query service's calls), served at
 * {@code /v3/api-docs/<group>} and committed under {@code docs/openapi/} (OpenApiDocumentsIT).
 * <p>
 * Which errors a route can answer follows from what it takes, by the same rules the filters and
 * the exception handler apply: every route can meet the request limits, the token check, the rate
 * limit and an unreachable database; a path id can be unknown (404); a write can lose a race (409);
 * a route with {@code Idempotency-Key} can see the key reused (422). Only the domain rules that
 * can refuse a route are named on it ({@link Rejects}). Each answer names its problem types.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String PROBLEM_JSON = "application/problem+json";

    private static final String BEARER = "bearer-jwt";
    private static final String SERVICE_TOKEN = "key-service-token";
    private static final String PROBLEM = "Problem";
    private static final String RETRY_AFTER = HttpHeaders.RETRY_AFTER;
    private static final List<String> RATE_LIMIT_HEADERS = List.of("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset");

    static {
        // resolved on the server from the verified token (CallerResolver), not a parameter of the API
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    /** What each status means here, and the problem types it is answered with. */
    private record Status(String meaning, List<URI> types) {
    }

    private static final Map<Integer, Status> STATUSES = statuses();

    /**
     * Success statuses that a handler sets through its ResponseEntity, where springdoc cannot see
     * them (and the handler's package is not this one's to annotate).
     */
    private static final Map<String, Integer> SUCCESS = Map.of("TopicRefillController.refill", 202);

    /** The roles each route needs, as SecurityConfig grants them (first matching prefix wins). */
    private static final Map<String, List<String>> ROLES = roles();

    /** Descriptions of the parameters the routes share, so that every parameter is described once. */
    private static final Map<String, String> PARAMETERS = Map.of(
            "memberId", "a member id (UUID); member routes act only on the caller's own member",
            "consentId", "a consent id (UUID), as answered when the consent was granted",
            "shareId", "a share id (UUID); a share the caller is no party to answers 404",
            "subjectId", "the member (data subject) whose data key is asked for",
            "aggregateId", "a member or share id",
            ApiHeaders.IF_MATCH, "the expected version of the aggregate, quoted (\"3\" or W/\"3\"); a stale version is 409 "
                    + "version-conflict; absent or * writes unconditionally",
            ApiHeaders.IDEMPOTENCY_KEY, "1 to 200 characters, per caller: a repeat with the same key and request answers the "
                    + "first answer and appends nothing; the same key with another request is 422 idempotency-key-reused");

    /** The public API's title and tags; also those of {@code /v3/api-docs}, which serves the public API. */
    @Bean
    OpenAPI shareLedgerOpenApi() {
        return new OpenAPI().info(info(PUBLIC_TITLE, PUBLIC_DESCRIPTION)).tags(PUBLIC_TAGS).servers(SERVERS);
    }

    /** Relative, so that the committed documents do not depend on the host and port that served them. */
    private static final List<Server> SERVERS = List.of(new Server().url("/").description("the service that serves this document"));

    private static final String PUBLIC_TITLE = "ShareLedger write API";
    private static final String PUBLIC_DESCRIPTION = "Commands of the consent-based sharing domain. Every write answers "
            + "{id, version}; creations answer 201 with Location. Errors are application/problem+json (RFC 9457) with a "
            + "stable type URI. A breaking change gets a new version path (docs/adr/0017-breaking-api-changes-get-a-new-version-path.md).";
    private static final List<Tag> PUBLIC_TAGS = List.of(
            new Tag().name("members").description("Registration, profile, consents, erasure and export"),
            new Tag().name("shares").description("Offer, accept, decline and revoke shares"));

    @Bean
    GroupedOpenApi publicApi() {
        return group("public", "/api/v1/**", PUBLIC_TITLE, PUBLIC_DESCRIPTION, PUBLIC_TAGS);
    }

    @Bean
    GroupedOpenApi operatorApi() {
        return group("operator", "/admin/**", "ShareLedger write side, operator API",
                "Operations on the events topic; role operator only.",
                List.of(new Tag().name("topic").description("The events topic: refill it from the event store")));
    }

    @Bean
    GroupedOpenApi internalApi() {
        return group("internal", "/internal/**", "ShareLedger write side, internal API",
                "Called by the query service only, with the key-service token (not a user token). Not for clients; "
                        + "reach it only from inside the deployment, over TLS.",
                List.of(new Tag().name("internal").description("Data keys and the member directory, for the query service")));
    }

    private static GroupedOpenApi group(String name, String paths, String title, String description, List<Tag> tags) {
        return GroupedOpenApi.builder()
                .group(name)
                .pathsToMatch(paths)
                .addOpenApiCustomizer(openApi -> openApi.info(info(title, description)).tags(tags).servers(SERVERS))
                .build();
    }

    /** Components, security and roles, in every document. */
    @Bean
    GlobalOpenApiCustomizer contract() {
        return openApi -> {
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            openApi.components(components
                    .addSchemas(PROBLEM, problemSchema())
                    .headers(rateLimitHeaderComponents())
                    .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                            .bearerFormat("JWT").description("A JWT of the configured issuer (RS256 or ES256) with iss, aud, "
                                    + "sub, exp and a roles array claim: member, privacy-officer or operator"))
                    .addSecuritySchemes(SERVICE_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                            .description("The key-service token shared with the query service (SHARELEDGER_KEY_SERVICE_TOKEN)")));
            openApi.security(null);
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
                boolean internal = path.startsWith("/internal/");
                operation.security(List.of(new SecurityRequirement().addList(internal ? SERVICE_TOKEN : BEARER)));
                List<String> roles = rolesOf(path);
                if (!internal && !roles.isEmpty()) {
                    operation.addExtension("x-roles", roles);
                    operation.description(join(operation.getDescription(), "Roles: " + String.join(", ", roles) + "."));
                }
            }));
        };
    }

    private static Info info(String title, String description) {
        return new Info().title(title).version("v1").description(description);
    }

    /**
     * The answers of one route, from what its handler takes: its path ids, headers and body, whether
     * it writes, and the {@link Rejects} on it.
     */
    @Bean
    GlobalOperationCustomizer answers() {
        return (operation, handler) -> {
            boolean internal = path(handler).startsWith("/internal/");
            RequestMethod method = httpMethod(handler);
            boolean write = method != RequestMethod.GET;
            boolean pathIds = hasParameter(handler, PathVariable.class);
            boolean idempotent = header(handler, ApiHeaders.IDEMPOTENCY_KEY);
            boolean conditional = header(handler, ApiHeaders.IF_MATCH);
            Map<Integer, List<String>> codes = new TreeMap<>();
            for (Rejects rejects : AnnotatedElementUtils.findMergedRepeatableAnnotations(handler.getMethod(), Rejects.class)) {
                codes.computeIfAbsent(rejects.status(), s -> new ArrayList<>()).addAll(Arrays.asList(rejects.codes()));
            }

            List<Integer> statuses = new ArrayList<>(List.of(400, 401, 403, 405, 406, 411, 413, 414, 415, 429, 431, 500, 503));
            if (internal) {
                // SecurityConfig allows the key-service token only the documented method of each internal path
                statuses.remove(Integer.valueOf(405));
            }
            if (pathIds || codes.containsKey(404)) {
                statuses.add(404);
            }
            if (codes.containsKey(410)) {
                statuses.add(410);
            }
            if (write && !internal) {
                statuses.add(409);
            }
            if (idempotent || codes.containsKey(422)) {
                statuses.add(422);
            }
            ApiResponses responses = operation.getResponses();
            Integer success = SUCCESS.get(handler.getBeanType().getSimpleName() + "." + handler.getMethod().getName());
            if (handler.getBeanType().getSimpleName().equals("TopicRefillController")) {
                operation.tags(List.of("topic")).summary("Refill the events topic from the event store (synchronous; "
                        + "answers the number of events published)");
            }
            if (success != null && responses.get("200") != null) {
                responses.addApiResponse(Integer.toString(success), responses.remove("200"));
            }
            successHeaders(responses);
            statuses.stream().sorted().forEach(status -> {
                if (responses.get(Integer.toString(status)) == null) {
                    responses.addApiResponse(Integer.toString(status), problem(status, codes.get(status), conditional, internal));
                }
            });
            if (operation.getParameters() != null) {
                operation.getParameters().forEach(OpenApiConfig::describe);
            }
            if (operation.getOperationId() == null || operation.getOperationId().isBlank()) {
                operation.setOperationId(handler.getMethod().getName());
            }
            return operation;
        };
    }

    /** Location on creations, the rate limit's headers on every answer that was counted. */
    private static void successHeaders(ApiResponses responses) {
        responses.forEach((status, response) -> {
            if (status.startsWith("2")) {
                if (status.equals("201")) {
                    response.addHeaderObject(HttpHeaders.LOCATION, new Header().required(true)
                            .description("the path of the created resource (the member, consent or share)")
                            .schema(new StringSchema().format("uri-reference")));
                }
                rateLimitHeaders(response);
            }
        });
    }

    private static ApiResponse problem(int status, List<String> codes, boolean conditional, boolean internal) {
        Status known = STATUSES.get(status);
        String meaning = known.meaning();
        if (status == 403 && internal) {
            meaning = "The key-service token with another method than the documented one (a user's token is 401)";
        }
        if (status == 409 && conditional) {
            meaning = meaning + "; If-Match names a stale version";
        }
        if (codes != null && !codes.isEmpty()) {
            meaning = meaning + ". Codes: " + String.join(", ", codes);
        }
        String types = String.join(", ", known.types().stream().map(URI::toString).toList());
        MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM));
        Map<String, Example> examples = new LinkedHashMap<>();
        for (URI type : known.types()) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("type", type.toString());
            value.put("status", status);
            value.put("title", org.springframework.http.HttpStatus.valueOf(status).getReasonPhrase());
            examples.put(type.toString().substring(type.toString().lastIndexOf(':') + 1), new Example().value(value));
        }
        media.setExamples(examples);
        ApiResponse response = new ApiResponse()
                .description(meaning + " (" + types + ")")
                .content(new Content().addMediaType(PROBLEM_JSON, media));
        if (status == 401) {
            response.addHeaderObject(HttpHeaders.WWW_AUTHENTICATE, new Header().required(true)
                    .description("Bearer, with error=\"invalid_token\" when a token was sent").schema(new StringSchema()));
        }
        if (status == 429 || status == 503) {
            response.addHeaderObject(RETRY_AFTER, new Header().required(true)
                    .description("seconds until a new request may succeed").schema(new IntegerSchema()));
        }
        // problems are counted too (all but those refused before the rate limit: RateLimitFilter)
        rateLimitHeaders(response);
        return response;
    }

    /** The rate limit's headers, once under components: many answers may carry them. */
    private static Map<String, Header> rateLimitHeaderComponents() {
        Map<String, Header> headers = new LinkedHashMap<>();
        headers.put(RATE_LIMIT_HEADERS.get(0), new Header().schema(new IntegerSchema())
                .description("the caller's burst capacity for this class of request; on every answer the rate limit counted"));
        headers.put(RATE_LIMIT_HEADERS.get(1), new Header().schema(new IntegerSchema())
                .description("requests left in the caller's bucket; on every answer the rate limit counted"));
        headers.put(RATE_LIMIT_HEADERS.get(2), new Header().schema(new IntegerSchema())
                .description("seconds until the bucket is full again; on every answer the rate limit counted"));
        return headers;
    }

    private static void rateLimitHeaders(ApiResponse response) {
        RATE_LIMIT_HEADERS.forEach(name -> response.addHeaderObject(name, new Header().$ref("#/components/headers/" + name)));
    }

    private static void describe(Parameter parameter) {
        if (parameter.getDescription() == null || parameter.getDescription().isBlank()) {
            parameter.setDescription(PARAMETERS.get(parameter.getName()));
        }
    }

    private static String path(HandlerMethod handler) {
        RequestMapping type = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class);
        RequestMapping method = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        return first(type) + first(method);
    }

    private static String first(RequestMapping mapping) {
        return mapping == null || mapping.path().length == 0 ? "" : mapping.path()[0];
    }

    private static RequestMethod httpMethod(HandlerMethod handler) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        return mapping == null || mapping.method().length == 0 ? RequestMethod.GET : mapping.method()[0];
    }

    private static boolean hasParameter(HandlerMethod handler, Class<? extends java.lang.annotation.Annotation> annotation) {
        return Arrays.stream(handler.getMethodParameters()).anyMatch(p -> p.hasParameterAnnotation(annotation));
    }

    private static boolean header(HandlerMethod handler, String name) {
        for (MethodParameter parameter : handler.getMethodParameters()) {
            RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
            if (header != null && (header.name().equalsIgnoreCase(name) || header.value().equalsIgnoreCase(name))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> rolesOf(String path) {
        return ROLES.entrySet().stream()
                .filter(e -> path.equals(e.getKey()) || e.getKey().endsWith("/") && path.startsWith(e.getKey()))
                .findFirst().map(Map.Entry::getValue).orElse(List.of());
    }

    private static String join(String description, String more) {
        return description == null || description.isBlank() ? more : description + "\n\n" + more;
    }

    private static Map<Integer, Status> statuses() {
        Map<Integer, Status> statuses = new TreeMap<>();
        statuses.put(400, new Status("Invalid request: a field or path id fails its rule, malformed or unknown JSON, "
                + "a bad header, headers beyond the container's limit (128 KB), or a path the firewall refuses", List.of(ProblemTypes.VALIDATION, ProblemTypes.MALFORMED_REQUEST)));
        statuses.put(401, new Status("No bearer token, or an invalid, expired or foreign one; WWW-Authenticate is set",
                List.of(ProblemTypes.UNAUTHORIZED)));
        statuses.put(403, new Status("The token's roles do not allow the route, or a rule of access refuses it (with a code)",
                List.of(ProblemTypes.FORBIDDEN)));
        statuses.put(404, new Status("No such resource, or not visible to the caller", List.of(ProblemTypes.NOT_FOUND)));
        statuses.put(405, new Status("The path exists, but not with this method", List.of(ProblemTypes.METHOD_NOT_ALLOWED)));
        statuses.put(406, new Status("The Accept header excludes JSON", List.of(ProblemTypes.NOT_ACCEPTABLE)));
        statuses.put(409, new Status("A concurrent write to the same aggregate won, or a rule of uniqueness refuses it "
                + "(conflict, with a code)", List.of(ProblemTypes.VERSION_CONFLICT, ProblemTypes.CONFLICT)));
        statuses.put(410, new Status("The member's data key was destroyed (the member was forgotten)", List.of(ProblemTypes.GONE)));
        statuses.put(411, new Status("A chunked request body without Content-Length", List.of(ProblemTypes.LENGTH_REQUIRED)));
        statuses.put(413, new Status("The request body is larger than the limit (16 KB by default)",
                List.of(ProblemTypes.PAYLOAD_TOO_LARGE)));
        statuses.put(414, new Status("The query string is longer than the limit (4 KB by default)", List.of(ProblemTypes.URI_TOO_LONG)));
        statuses.put(415, new Status("A request body that is not application/json", List.of(ProblemTypes.UNSUPPORTED_MEDIA_TYPE)));
        statuses.put(422, new Status("A rule of the domain refuses the command (rule-violated, with a code), or the "
                + "Idempotency-Key was first used with another request",
                List.of(ProblemTypes.RULE_VIOLATED, ProblemTypes.IDEMPOTENCY_KEY_REUSED)));
        statuses.put(429, new Status("The caller's rate limit for this class of request is used up", List.of(ProblemTypes.RATE_LIMITED)));
        statuses.put(431, new Status("The request headers are too large. Not answered by this service's container, which "
                + "answers headers beyond its limit with 400 malformed-request; kept so that the document stays compatible "
                + "(ADR 0017)", List.of(ProblemTypes.HEADERS_TOO_LARGE)));
        statuses.put(500, new Status("Unexpected error; no detail is given", List.of(ProblemTypes.INTERNAL)));
        statuses.put(503, new Status("The database (or, for the topic refill, Kafka) cannot be reached; nothing was written",
                List.of(ProblemTypes.UNAVAILABLE, ProblemTypes.INTERNAL)));
        return statuses;
    }

    private static Map<String, List<String>> roles() {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        roles.put("/api/v1/members/{memberId}/erasure", List.of(Caller.MEMBER, Caller.PRIVACY_OFFICER));
        roles.put("/api/v1/members/{memberId}/data-access", List.of(Caller.PRIVACY_OFFICER));
        roles.put("/api/v1/members/{memberId}/export", List.of(Caller.MEMBER, Caller.PRIVACY_OFFICER));
        roles.put("/api/v1/", List.of(Caller.MEMBER));
        roles.put("/admin/", List.of("operator"));
        return roles;
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details. Never holds input values, paths or exception messages.")
                .addProperty("type", new StringSchema().format("uri")
                        .description("the stable kind of error, urn:shareledger:problem:<name>")
                        .example("urn:shareledger:problem:rule-violated"))
                .addProperty("title", new StringSchema().description("the status's reason phrase"))
                .addProperty("status", new IntegerSchema().description("the HTTP status"))
                .addProperty("detail", new StringSchema().description("a text for people; it may change"))
                .addProperty("instance", new StringSchema().description("not used"))
                .addProperty("code", new StringSchema()
                        .description("the rule that refused the request, e.g. handle-taken; stable"))
                .addProperty("errors", new ArraySchema().description("the offending fields, on validation and type errors")
                        .items(new ObjectSchema()
                                .addProperty("field", new StringSchema())
                                .addProperty("message", new StringSchema())))
                .required(List.of("type", "title", "status"));
    }
}
