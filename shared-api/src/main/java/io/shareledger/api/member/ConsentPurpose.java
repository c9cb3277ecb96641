package io.shareledger.api.member;

/** What a member consents to. */
public enum ConsentPurpose {
    /** The member may offer shares to others. */
    SHARE_ITEMS,
    /** The member may be offered shares by others. */
    RECEIVE_SHARES
}
