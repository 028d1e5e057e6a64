package org.mymodule.demo;

/** Problem sizes: small for tests (seconds in all), default for a first look (about a minute on 2 cores), large to measure. */
public enum Size {
    SMALL, DEFAULT, LARGE;

    /** The value for this size: one of three a section gives, in the order small, default, large. */
    public int pick(int small, int normal, int large) {
        return this == SMALL ? small : this == DEFAULT ? normal : large;
    }
}
