package io.shareledger.command.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The rejection codes a route can answer with a status, for the OpenAPI document
 * ({@link OpenApiConfig}): the statuses themselves and their problem types follow from what the
 * route takes; only which domain rules can refuse it has to be said here.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Rejects.All.class)
public @interface Rejects {

    int status();

    String[] codes();

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface All {
        Rejects[] value();
    }
}
