package com.cyclefleet.protocol;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a nullable record field added to a message type after records without it were written (within the same
 * envelope version). The codec reads such a record's absent field as null; every other field must be present, so a
 * producer that forgets one is still caught.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface AddedField {
}
