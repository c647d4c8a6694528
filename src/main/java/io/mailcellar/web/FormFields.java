package io.mailcellar.web;

import jakarta.ws.rs.core.MultivaluedMap;

/** A posted form's fields as typed. */
final class FormFields {

    private FormFields() {
    }

    /** The field's first value, or {@code otherwise} when the form did not send it. */
    static String value(MultivaluedMap<String, String> fields, String key, String otherwise) {
        String value = fields.getFirst(key);
        return value == null ? otherwise : value;
    }
}
