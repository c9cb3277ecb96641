package io.shareledger.query.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
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
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI documents, one per audience: {@code public} ({@code /api/v1}, the read API) and
 * {@code operator} ({@code /admin}), served at {@code /v3/api-docs/<group>} and committed under
 * {@code docs/openapi/} (OpenApiDocumentsIT).
 * <p>
 * Which errors a route can answer follows from what it takes, by the same rules the filters and the
 * exception handler apply: every route can meet the request limits ({@link RequestLimits}), the
 * container's refusals ({@link ContainerErrors}), the token check, the rate limit and an unreachable
 * database; a path id can be unknown (404); a route that takes {@code If-None-Match} answers 304 and
 * an ETag; one that takes {@code minVersion} or {@code waitFor} can answer {@code Projection-Stale}.
 * The codes that refuse one route in particular are named on it ({@link Rejects}). No route reads a
 * request body, so none answers 415.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String PROBLEM_JSON = "application/problem+json";

    private static final String BEARER = "bearer-jwt";
    private static final String PROBLEM = "Problem";
    private static final String MIN_VERSION = "minVersion";
    private static final String WAIT_FOR = "waitFor";
    private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();
    private static final List<String> RATE_LIMIT_HEADERS = List.of("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset");

    static {
        // resolved on the server from the verified token (CallerResolver), not a parameter of the API
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    /** What each status means here, and the problem types it is answered with. */
    private record Status(String meaning, List<URI> types) {
    }

    private static final Map<Integer, Status> STATUSES = statuses();

    /** The roles each route needs, as SecurityConfig grants them (first matching pattern wins). */
    private static final Map<String, List<String>> ROLES = roles();

    /** Descriptions of the parameters the routes share, so that every parameter is described once. */
    private static final Map<String, String> PARAMETERS = Map.of(
            "memberId", "a member id (UUID); a member reads only its own member's data",
            "shareId", "a share id (UUID); a share the caller is no party to answers 404",
            "cursor", "the nextCursor of the previous page, passed back unchanged; absent for the first page",
            "name", "a read model: member-profiles, member-consents, shares or member-history",
            "processingGroup", "a processing group, as GET /admin/dead-letters lists them (a read model's name)",
            HttpHeaders.IF_NONE_MATCH, "one or more ETags this route answered (comma-separated, W/ accepted), or *: "
                    + "304 without a body while one still matches");

    private static final List<Server> SERVERS = List.of(new Server().url("/").description("the service that serves this document"));

    private static final String PUBLIC_TITLE = "ShareLedger query API";
    private static final String PUBLIC_DESCRIPTION = "Read models of the consent-based sharing domain (GET only). "
            + "Single resources carry an ETag and answer 304 to If-None-Match; minVersion and waitFor wait (bounded) for "
            + "a write to be projected, and Projection-Stale: true says it was not within the bound. Errors are "
            + "application/problem+json (RFC 9457) with a stable type URI. A breaking change gets a new version path "
            + "(docs/adr/0017).";
    private static final List<Tag> PUBLIC_TAGS = List.of(
            new Tag().name("members").description("A member's profile, consents and history"),
            new Tag().name("shares").description("Shares a member owns or receives"));

    /** The public API's title and tags; also those of {@code /v3/api-docs}. */
    @Bean
    OpenAPI shareLedgerOpenApi() {
        return new OpenAPI().info(info(PUBLIC_TITLE, PUBLIC_DESCRIPTION)).tags(PUBLIC_TAGS).servers(SERVERS);
    }

    @Bean
    GroupedOpenApi publicApi() {
        return group("public", "/api/v1/**", PUBLIC_TITLE, PUBLIC_DESCRIPTION, PUBLIC_TAGS);
    }

    @Bean
    GroupedOpenApi operatorApi() {
        return group("operator", "/admin/**", "ShareLedger read side, operator API",
                "The read models' state, rebuilds and parked events; role operator only. Never payloads or personal data.",
                List.of(new Tag().name("projections").description("Read models: state, lag, rebuilds and checksums"),
                        new Tag().name("dead-letters").description("Events parked by a read model, and their retry")));
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
                                    + "sub, exp and a roles array claim: member, privacy-officer or operator")));
            openApi.security(null);
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
                operation.security(List.of(new SecurityRequirement().addList(BEARER)));
                List<String> roles = rolesOf(path);
                operation.addExtension("x-roles", roles);
                operation.description(join(operation.getDescription(), "Roles: " + String.join(", ", roles) + "."));
            }));
        };
    }

    private static Info info(String title, String description) {
        return new Info().title(title).version("v1").description(description);
    }

    /**
     * The answers of one route, from what its handler takes: its path ids, its conditional header,
     * its waits, and the {@link Rejects} on it.
     */
    @Bean
    GlobalOperationCustomizer answers() {
        return (operation, handler) -> {
            boolean conditional = header(handler, HttpHeaders.IF_NONE_MATCH);
            boolean waits = requestParameter(handler, MIN_VERSION) || requestParameter(handler, WAIT_FOR);
            Map<Integer, List<String>> codes = new TreeMap<>();
            Map<Integer, String> because = new TreeMap<>();
            for (Rejects rejects : AnnotatedElementUtils.findMergedRepeatableAnnotations(handler.getMethod(), Rejects.class)) {
                codes.computeIfAbsent(rejects.status(), s -> new ArrayList<>()).addAll(Arrays.asList(rejects.codes()));
                if (!rejects.because().isBlank()) {
                    because.put(rejects.status(), rejects.because());
                }
            }
            List<Integer> statuses = new ArrayList<>(List.of(400, 401, 403, 405, 406, 411, 413, 414, 429, 431, 500, 503));
            if (hasParameter(handler, PathVariable.class) || codes.containsKey(404)) {
                statuses.add(404);
            }
            if (codes.containsKey(409)) {
                statuses.add(409);
            }
            ApiResponses responses = operation.getResponses();
            successHeaders(responses, conditional, waits);
            if (conditional) {
                responses.addApiResponse("304", notModified(waits));
            }
            statuses.stream().sorted().forEach(status -> {
                ApiResponse existing = responses.get(Integer.toString(status));
                if (existing == null) {
                    responses.addApiResponse(Integer.toString(status), problem(status, codes.get(status), because.get(status)));
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

    /** ETag on single resources, Projection-Stale on waits, the rate limit's headers on every counted answer. */
    private static void successHeaders(ApiResponses responses, boolean conditional, boolean waits) {
        responses.forEach((status, response) -> {
            if (status.startsWith("2")) {
                if (conditional) {
                    response.addHeaderObject(HttpHeaders.ETAG, etag());
                }
                if (waits) {
                    response.addHeaderObject(Conditional.PROJECTION_STALE, projectionStale());
                }
                rateLimitHeaders(response);
            }
        });
    }

    private static ApiResponse notModified(boolean waits) {
        ApiResponse response = new ApiResponse()
                .description("Not Modified: If-None-Match names the representation's current ETag; no body")
                .addHeaderObject(HttpHeaders.ETAG, etag());
        if (waits) {
            response.addHeaderObject(Conditional.PROJECTION_STALE, projectionStale());
        }
        rateLimitHeaders(response);
        return response;
    }

    private static Header etag() {
        return new Header().required(true)
                .description("the representation's version and digest, quoted; send it back as If-None-Match")
                .schema(new StringSchema().example("\"3-0f1e2d3c4b5a6978\""));
    }

    private static Header projectionStale() {
        return new Header()
                .description("true when minVersion or waitFor was not reached within the bound (5 s by default; at once "
                        + "when too many requests wait): the answer is what the read model has so far; absent otherwise")
                .schema(new StringSchema()._enum(List.of("true")));
    }

    private static ApiResponse problem(int status, List<String> codes, String because) {
        Status known = STATUSES.get(status);
        String meaning = known.meaning();
        if (because != null) {
            meaning = meaning + "; or " + because;
        }
        if (codes != null && !codes.isEmpty()) {
            meaning = meaning + ". Codes: " + String.join(", ", codes);
        }
        String types = String.join(", ", known.types().stream().map(URI::toString).toList());
        MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM));
        Map<String, Example> examples = new LinkedHashMap<>();
        for (URI type : known.types()) {
            examples.put(name(type), new Example().value(example(type, status, null)));
        }
        if (codes != null) {
            // a coded refusal has the status's first type
            codes.forEach(code -> examples.putIfAbsent(code, new Example().value(example(known.types().get(0), status, code))));
        }
        media.setExamples(examples);
        ApiResponse response = new ApiResponse()
                .description(meaning + " (" + types + ")")
                .content(new Content().addMediaType(PROBLEM_JSON, media));
        if (status == 401) {
            response.addHeaderObject(HttpHeaders.WWW_AUTHENTICATE, new Header().required(true)
                    .description("Bearer, with error=\"invalid_token\" when a token was sent").schema(new StringSchema()));
        }
        if (status == 429) {
            response.addHeaderObject(HttpHeaders.RETRY_AFTER, new Header().required(true)
                    .description("seconds until a new request may succeed").schema(new IntegerSchema()));
        }
        // problems are counted too (all but those refused before the rate limit: RateLimitFilter)
        rateLimitHeaders(response);
        if (status == 503) {
            response.addHeaderObject(HttpHeaders.RETRY_AFTER, new Header().required(because == null)
                    .description(because == null ? "seconds until a new request may succeed"
                            : "seconds until a new request may succeed; set when the database cannot be reached")
                    .schema(new IntegerSchema()));
        }
        return response;
    }

    private static Map<String, Object> example(URI type, int status, String code) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("type", type.toString());
        value.put("status", status);
        value.put("title", HttpStatus.valueOf(status).getReasonPhrase());
        if (code != null) {
            value.put("code", code);
        }
        return value;
    }

    private static String name(URI type) {
        return type.toString().substring(type.toString().lastIndexOf(':') + 1);
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

    /**
     * Whether the handler takes the query parameter {@code name}. The names come from the compiled
     * method, not from its MethodParameters, whose names are known only once Spring MVC has
     * resolved a request to the handler: the document must not depend on what was served before.
     */
    private static boolean requestParameter(HandlerMethod handler, String name) {
        String[] compiled = PARAMETER_NAMES.getParameterNames(handler.getMethod());
        for (MethodParameter parameter : handler.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                String declared = !param.name().isEmpty() ? param.name() : param.value();
                if (declared.isEmpty() && compiled != null) {
                    declared = compiled[parameter.getParameterIndex()];
                }
                if (name.equals(declared)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> rolesOf(String path) {
        return ROLES.entrySet().stream()
                .filter(e -> path.matches(e.getKey()))
                .findFirst().map(Map.Entry::getValue).orElseThrow(() -> new IllegalStateException("no roles for " + path));
    }

    private static String join(String description, String more) {
        return description == null || description.isBlank() ? more : description + "\n\n" + more;
    }

    private static Map<Integer, Status> statuses() {
        Map<Integer, Status> statuses = new TreeMap<>();
        statuses.put(400, new Status("Invalid request: a query parameter or path id fails its rule (a bad value, cursor, "
                + "limit, minVersion or waitFor), a header or path the firewall refuses, or a request the container cannot "
                + "read (an unsupported transfer coding)", List.of(ProblemTypes.VALIDATION, ProblemTypes.MALFORMED_REQUEST)));
        statuses.put(401, new Status("No bearer token, or an invalid, expired or foreign one; WWW-Authenticate is set",
                List.of(ProblemTypes.UNAUTHORIZED)));
        statuses.put(403, new Status("The token's roles do not allow the route, or a rule of access refuses it (with a code)",
                List.of(ProblemTypes.FORBIDDEN)));
        statuses.put(404, new Status("No such resource, or not visible to the caller", List.of(ProblemTypes.NOT_FOUND)));
        statuses.put(405, new Status("The path exists, but not with this method", List.of(ProblemTypes.METHOD_NOT_ALLOWED)));
        statuses.put(406, new Status("The Accept header excludes JSON", List.of(ProblemTypes.NOT_ACCEPTABLE)));
        statuses.put(409, new Status("The state of the resource refuses the action (with a code)", List.of(ProblemTypes.CONFLICT)));
        statuses.put(411, new Status("A request body without Content-Length (chunked)", List.of(ProblemTypes.LENGTH_REQUIRED)));
        statuses.put(413, new Status("A request body: no route here reads one (a GET with a body, or any body beyond the "
                + "limit, 16 KB by default)", List.of(ProblemTypes.PAYLOAD_TOO_LARGE)));
        statuses.put(414, new Status("The query string is longer than the limit (4 KB by default)", List.of(ProblemTypes.URI_TOO_LONG)));
        statuses.put(429, new Status("The caller's rate limit for this class of request (reads, or the operator's actions) "
                + "is used up", List.of(ProblemTypes.RATE_LIMITED)));
        statuses.put(431, new Status("The request headers are too large", List.of(ProblemTypes.HEADERS_TOO_LARGE)));
        statuses.put(500, new Status("Unexpected error; no detail is given", List.of(ProblemTypes.INTERNAL)));
        statuses.put(503, new Status("The database cannot be reached (Retry-After is set); nothing was served", List.of(ProblemTypes.UNAVAILABLE)));
        return statuses;
    }

    /** Path patterns (regular expressions over the documented path) and the roles SecurityConfig requires there. */
    private static Map<String, List<String>> roles() {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        roles.put("/api/v1/members/[^/]+/history", List.of(Caller.MEMBER, Caller.PRIVACY_OFFICER));
        roles.put("/api/v1/.*", List.of(Caller.MEMBER));
        roles.put("/admin/.*", List.of("operator"));
        return roles;
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details. Never holds input values, paths or exception messages.")
                .addProperty("type", new StringSchema().format("uri")
                        .description("the stable kind of error, urn:shareledger:problem:<name>")
                        .example("urn:shareledger:problem:forbidden"))
                .addProperty("title", new StringSchema().description("the status's reason phrase"))
                .addProperty("status", new IntegerSchema().description("the HTTP status"))
                .addProperty("detail", new StringSchema().description("a text for people; it may change"))
                .addProperty("instance", new StringSchema().description("not used"))
                .addProperty("code", new StringSchema()
                        .description("why the request was refused, e.g. not-own-member; stable"))
                .addProperty("errors", new ArraySchema().description("the offending parameters, on validation errors")
                        .items(new ObjectSchema()
                                .addProperty("field", new StringSchema())
                                .addProperty("message", new StringSchema())))
                .required(List.of("type", "title", "status"));
    }
}
