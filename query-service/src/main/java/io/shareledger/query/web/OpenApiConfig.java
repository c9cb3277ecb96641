package io.shareledger.query.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OpenAPI document: bearer-token security on every route and, on every operation, the
 * problem+json answers it can give, so that clients see errors as part of the contract.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    private static final String BEARER = "bearer-jwt";
    private static final String PROBLEM = "Problem";

    private static final Map<String, String> ERRORS = errors();

    @Bean
    OpenAPI shareLedgerOpenApi() {
        return new OpenAPI()
                .info(new Info().title("ShareLedger query API").version("v1")
                        .description("Read models of the consent-based sharing domain (GET only) and operator endpoints. Single resources carry an ETag; "
                                + "minVersion and waitFor wait (bounded) for a write to be projected; errors are application/problem+json.")
                        .license(new License().name("See repository")))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT"))
                        .addSchemas(PROBLEM, problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> openApi.getPaths().values().forEach(path ->
                path.readOperations().forEach(OpenApiConfig::addProblemResponses));
    }

    private static void addProblemResponses(Operation operation) {
        ERRORS.forEach((status, description) -> {
            if (operation.getResponses().get(status) == null) {
                operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                        .content(new Content().addMediaType("application/problem+json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
            }
        });
    }

    private static Map<String, String> errors() {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("400", "Invalid query parameter: unknown filter or sort field, bad cursor, limit or waitFor (validation)");
        errors.put("401", "Missing, invalid or expired bearer token (unauthorized)");
        errors.put("403", "The caller may not read this member's data (forbidden, with a code)");
        errors.put("404", "No such resource, or not visible to the caller (not-found)");
        return errors;
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().example("urn:shareledger:problem:rule-violated"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("code", new StringSchema().description("why the query was refused, e.g. not-own-member"))
                .addProperty("errors", new ArraySchema().items(new ObjectSchema()
                        .addProperty("field", new StringSchema())
                        .addProperty("message", new StringSchema())));
    }
}
