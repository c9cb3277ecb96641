package io.shareledger.command.ratelimit;

import jakarta.servlet.http.HttpServletRequest;

/** The classes of requests with limits of their own. */
enum RequestClass {
    WRITE, READ, INTERNAL, HEALTH;

    static RequestClass of(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
            return HEALTH;
        }
        if (path.startsWith("/internal/")) {
            return INTERNAL;
        }
        return switch (request.getMethod()) {
            case "GET", "HEAD", "OPTIONS" -> READ;
            default -> WRITE;
        };
    }

    RateLimitProperties.Limit limitIn(RateLimitProperties properties) {
        return switch (this) {
            case WRITE -> properties.write();
            case READ -> properties.read();
            case INTERNAL -> properties.internal();
            case HEALTH -> properties.health();
        };
    }
}
