package com.liveroom.platform.boundary;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.io.PushbackInputStream;

/**
 * An empty request body is no body, whatever its {@code Content-Type} says: the resource method gets {@code null},
 * which a call that needs a body refuses through its {@code @NotNull} (400), and a call whose body may be left out
 * takes as nothing given. Jersey on its own reads an empty body as {@code null} only when no type comes with it, and
 * refuses an empty JSON body before the call can say whether it needs one.
 */
@Provider
public class EmptyBodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        var body = new PushbackInputStream(context.getInputStream(), 1);
        int first = body.read();
        if (first == -1) {
            return null;
        }
        body.unread(first);
        context.setInputStream(body);
        return context.proceed();
    }
}
