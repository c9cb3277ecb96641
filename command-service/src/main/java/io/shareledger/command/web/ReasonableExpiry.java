package io.shareledger.command.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * An optional expiry time: if present, in the future and at most {@value #MAX_YEARS_AHEAD} years
 * ahead (times far beyond that cannot be stored by the deadline scheduler and mean "never" anyway).
 */
@Documented
@Constraint(validatedBy = ReasonableExpiry.Validator.class)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface ReasonableExpiry {

    int MAX_YEARS_AHEAD = 100;

    String message() default "must lie in the future and at most " + MAX_YEARS_AHEAD + " years ahead";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ReasonableExpiry, Instant> {

        @Override
        public boolean isValid(Instant value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            return value.isAfter(now.toInstant()) && value.isBefore(now.plusYears(MAX_YEARS_AHEAD).toInstant());
        }
    }
}
