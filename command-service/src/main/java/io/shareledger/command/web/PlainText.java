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
import java.util.Optional;

/**
 * A free-text field of a request holds text as {@link TextPolicy} allows it (ADR 0014). A null value
 * is valid (nullness is {@code @NotNull}'s concern). The message names the kind of character that
 * is refused, never the value nor where it is.
 */
@Documented
@Constraint(validatedBy = PlainText.Validator.class)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainText {

    /** Whether line breaks (LF, CR LF) and tabs are allowed. */
    boolean multiline() default false;

    String message() default "must be plain text";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PlainText, String> {

        private boolean multiline;

        @Override
        public void initialize(PlainText annotation) {
            multiline = annotation.multiline();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            Optional<TextPolicy.Violation> violation = TextPolicy.check(value, multiline);
            violation.ifPresent(v -> {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(v.message()).addConstraintViolation();
            });
            return violation.isEmpty();
        }
    }
}
