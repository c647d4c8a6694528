package io.mailcellar.web;

import io.quarkus.qute.TemplateExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Links whose query carries names from mail servers (folders may hold any character), encoded. */
final class Links {

    private Links() {
    }

    /** {@code path?k1=v1&k2=v2...}, each value encoded as a query component. */
    static String of(String path, Object... pairs) {
        StringBuilder link = new StringBuilder(path);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            link.append(i == 0 ? '?' : '&').append(pairs[i]).append('=').append(url(String.valueOf(pairs[i + 1])));
        }
        return link.toString();
    }

    /** In a template: {@code {name.url}}. */
    @TemplateExtension
    static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
