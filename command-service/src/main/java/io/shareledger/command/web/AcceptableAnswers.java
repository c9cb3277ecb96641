package io.shareledger.command.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.servlet.HandlerInterceptor;

import java.util.Collections;
import java.util.List;

/**
 * Refuses a request whose {@code Accept} header excludes JSON before its handler runs (406). Spring
 * MVC negotiates the answer's type only when it writes the answer, after the handler returned: a
 * write would be carried out and then answered 406, which a client takes for "not done". An
 * {@code Accept} header that cannot be parsed never gets here: {@link UnreadableAccept} disregards it.
 */
class AcceptableAnswers implements HandlerInterceptor {

    private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON);

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotAcceptableException {
        List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
        if (accept.isEmpty()) {
            return true;
        }
        List<MediaType> acceptable;
        try {
            acceptable = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException unreadable) {
            return true;
        }
        if (acceptable.stream().noneMatch(MediaType.APPLICATION_JSON::isCompatibleWith)) {
            throw new HttpMediaTypeNotAcceptableException(JSON);
        }
        return true;
    }
}
