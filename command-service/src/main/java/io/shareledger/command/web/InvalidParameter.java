package io.shareledger.command.web;

/** A query parameter the route does not accept; answered 400 naming the parameter, never echoing its value. */
public final class InvalidParameter extends RuntimeException {

    private final String parameter;

    public InvalidParameter(String parameter, String message) {
        super(message, null, false, false);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
