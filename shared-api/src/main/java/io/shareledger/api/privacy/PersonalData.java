package io.shareledger.api.privacy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field that holds personal data of the message's {@link DataSubject}.
 * Such a field is never logged, is encrypted with the subject's own key before it is stored or
 * sent, and reads as a fixed replacement value once the subject has been forgotten.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface PersonalData {
}
