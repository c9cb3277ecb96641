package io.shareledger.command.member;

import io.shareledger.command.domain.Rejection;

/** The rules of the Member aggregate, one exception each. */
public final class MemberRejections {

    private MemberRejections() {
    }

    public static final class HandleTaken extends Rejection {
        public HandleTaken() {
            super(Kind.CONFLICT, "handle-taken", "The handle is already used by another member.");
        }
    }

    public static final class AlreadyRegistered extends Rejection {
        public AlreadyRegistered() {
            super(Kind.CONFLICT, "already-registered", "This account is already registered as a member.");
        }
    }

    public static final class InvalidHandle extends Rejection {
        public InvalidHandle() {
            super(Kind.RULE_VIOLATED, "invalid-handle",
                    "A handle is 3 to 30 characters of lower-case letters, digits and underscores.");
        }
    }

    public static final class MemberForgotten extends Rejection {
        public MemberForgotten() {
            super(Kind.RULE_VIOLATED, "member-forgotten", "The member has been forgotten; nothing more can change.");
        }
    }

    public static final class ConsentAlreadyActive extends Rejection {
        public ConsentAlreadyActive() {
            super(Kind.CONFLICT, "consent-already-active", "An active consent for this purpose already exists.");
        }
    }

    public static final class ConsentNotActive extends Rejection {
        public ConsentNotActive() {
            super(Kind.RULE_VIOLATED, "consent-not-active", "The consent is not active.");
        }
    }

    public static final class ExpiryInPast extends Rejection {
        public ExpiryInPast() {
            super(Kind.RULE_VIOLATED, "expiry-in-past", "The expiry time must lie in the future.");
        }
    }
}
