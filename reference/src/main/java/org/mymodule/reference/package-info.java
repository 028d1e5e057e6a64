/**
 * Pure-Java versions of mymodule's kernels, and the data they run on: the one reference that the
 * Java tests, the demo, the benchmarks and the Spark sample share instead of keeping copies.
 * <ul>
 * <li>{@code Java*}: the straightforward loops a Java programmer would write, with the same arithmetic
 * as the native kernels where results are compared exactly; the tests' oracles and the demo's
 * "plain Java" column. They share no code with the native kernels they check.</li>
 * <li>{@code Vector*}: the best Java we can write, by hand with the JDK's Vector API (run with
 * {@code --add-modules jdk.incubator.vector}), in the native kernels' accuracy classes: what every
 * speed claim is measured against.</li>
 * <li>{@link org.mymodule.reference.BoofImage}: not our loops but BoofCV's, the best pure-Java image
 * library, timed beside OpenCV.</li>
 * <li>{@link org.mymodule.reference.Blobs}: the one generator of clustered points.</li>
 * </ul>
 * The module depends on no part of mymodule.
 */
package org.mymodule.reference;
