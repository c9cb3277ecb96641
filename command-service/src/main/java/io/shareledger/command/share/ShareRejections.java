package io.shareledger.command.share;

import io.shareledger.command.domain.Rejection;

/** The rules of the Share aggregate, one exception each. */
public final class ShareRejections {

    private ShareRejections() {
    }

    public static final class SelfShare extends Rejection {
        public SelfShare() {
            super(Kind.RULE_VIOLATED, "self-share", "A member cannot share with itself.");
        }
    }

    public static final class OwnerConsentMissing extends Rejection {
        public OwnerConsentMissing() {
            super(Kind.RULE_VIOLATED, "owner-consent-missing",
                    "Offering a share needs an active SHARE_ITEMS consent of the owner.");
        }
    }

    /** Also used when the recipient does not exist, so that an offer does not reveal who is a member. */
    public static final class RecipientCannotReceive extends Rejection {
        public RecipientCannotReceive() {
            super(Kind.RULE_VIOLATED, "recipient-cannot-receive",
                    "The recipient holds no active RECEIVE_SHARES consent.");
        }
    }

    public static final class NotRecipient extends Rejection {
        public NotRecipient() {
            super(Kind.FORBIDDEN, "not-recipient", "Only the recipient may accept or decline a share.");
        }
    }

    public static final class NotOwner extends Rejection {
        public NotOwner() {
            super(Kind.FORBIDDEN, "not-owner", "Only the owner may revoke a share.");
        }
    }

    /** The actor is neither owner nor recipient: the share is not revealed to them. */
    public static final class ShareNotFound extends Rejection {
        public ShareNotFound() {
            super(Kind.NOT_FOUND, "share-not-found", "No such share.");
        }
    }

    public static final class NotOffered extends Rejection {
        public NotOffered() {
            super(Kind.RULE_VIOLATED, "share-not-offered", "The share is no longer waiting for an answer.");
        }
    }

    public static final class AlreadyClosed extends Rejection {
        public AlreadyClosed() {
            super(Kind.RULE_VIOLATED, "share-closed", "The share has already ended.");
        }
    }

    public static final class ConsentEnded extends Rejection {
        public ConsentEnded() {
            super(Kind.RULE_VIOLATED, "consent-ended",
                    "A consent this share depends on has ended, or a party has been forgotten.");
        }
    }

    public static final class ExpiryInPast extends Rejection {
        public ExpiryInPast() {
            super(Kind.RULE_VIOLATED, "expiry-in-past", "The expiry time must lie in the future.");
        }
    }

    public static final class ActorRequired extends Rejection {
        public ActorRequired() {
            super(Kind.RULE_VIOLATED, "actor-required", "An owner revocation names the acting member.");
        }
    }
}
