package io.shareledger.query.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The rejection codes a route can answer with a status, for the OpenAPI document
 * ({@link OpenApiConfig}): the statuses every route shares and their problem types follow from the
 * filters and the exception handler; what refuses this route in particular is said here.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Rejects.All.class)
public @interface Rejects {

    int status();

    String[] codes();

    /** What else answers this status here, beside what every route shares; empty when nothing. */
    String because() default "";

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface All {
        Rejects[] value();
    }
}
