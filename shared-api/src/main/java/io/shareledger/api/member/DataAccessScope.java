package io.shareledger.api.member;

/** What of a member's data someone other than the member read. */
public enum DataAccessScope {
    /** the member's data history */
    HISTORY,
    /** the full export (GDPR Art. 15/20) */
    EXPORT
}
