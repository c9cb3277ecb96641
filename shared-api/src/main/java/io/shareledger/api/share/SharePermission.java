package io.shareledger.api.share;

/** What the recipient of a share may do with the item. */
public enum SharePermission {
    VIEW,
    COMMENT,
    EDIT
}
