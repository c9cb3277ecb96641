package io.shareledger.command.member;

import java.util.regex.Pattern;

/** The one definition of a valid handle, shared by the aggregate and the request validation. */
public final class Handles {

    public static final String PATTERN = "^[a-z0-9_]{3,30}$";
    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private Handles() {
    }

    public static boolean isValid(String handle) {
        return handle != null && COMPILED.matcher(handle).matches();
    }
}
