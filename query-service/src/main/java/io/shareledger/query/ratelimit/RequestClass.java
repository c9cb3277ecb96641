package io.shareledger.query.ratelimit;

import jakarta.servlet.http.HttpServletRequest;

/** The classes of requests with limits of their own. */
enum RequestClass {
    READ, WRITE, HEALTH;

    static RequestClass of(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
            return HEALTH;
        }
        return switch (request.getMethod()) {
            case "GET", "HEAD", "OPTIONS" -> READ;
            default -> WRITE;
        };
    }

    RateLimitProperties.Limit limitIn(RateLimitProperties properties) {
        return switch (this) {
            case READ -> properties.read();
            case WRITE -> properties.write();
            case HEALTH -> properties.health();
        };
    }
}
