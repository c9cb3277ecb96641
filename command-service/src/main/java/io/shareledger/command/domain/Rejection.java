package io.shareledger.command.domain;

/**
 * A command refused by a rule of the domain. Each subclass names one rule; the web layer maps
 * the {@link Kind} to a problem type and exposes {@link #code()}, never the class or message text
 * of anything else. Messages never contain personal data.
 */
public abstract class Rejection extends RuntimeException {

    public enum Kind {
        /** A business rule does not allow the command in the current state. */
        RULE_VIOLATED,
        /** The command collides with existing state (a duplicate, a taken name). */
        CONFLICT,
        /** The actor may not do this. */
        FORBIDDEN,
        /** The target does not exist, or must not be revealed to the actor. */
        NOT_FOUND
    }

    private final Kind kind;
    private final String code;

    protected Rejection(Kind kind, String code, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    /** Stable machine-readable name of the rule, e.g. {@code handle-taken}. */
    public String code() {
        return code;
    }
}
