package io.shareledger.api.share;

/** Why a share was revoked. Only {@link #OWNER} comes from a person; the others from the system. */
public enum RevocationReason {
    OWNER,
    CONSENT_WITHDRAWN,
    CONSENT_EXPIRED,
    MEMBER_FORGOTTEN
}
