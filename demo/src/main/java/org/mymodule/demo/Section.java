package org.mymodule.demo;

/** One part of the demo: a domain of mymodule at work, with its timings and pictures. */
public interface Section {
    /** The name given to {@code --sections}, such as {@code kmeans}. */
    String name();

    /** The heading in the console and the report, such as {@code k-means clustering}. */
    String title();

    /** Runs the section, reporting through {@code demo}. */
    void run(Demo demo) throws Exception;
}
