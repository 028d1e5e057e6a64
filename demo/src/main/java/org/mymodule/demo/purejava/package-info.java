/**
 * The pure-Java versions of mymodule's kernels that the demo and the benchmarks time: the straightforward
 * loops a Java programmer would write ({@code Java*}, with the same arithmetic as the native kernels where
 * the results are compared exactly), and the best Java we can write, by hand with the JDK's Vector API
 * ({@code Vector*}, run with {@code --add-modules jdk.incubator.vector}), in the native kernels' accuracy
 * classes, against which speed is claimed. The benchmarks (../benchmarks, which depends on this artifact)
 * call these classes instead of keeping copies; the module's own tests deliberately do not (a test oracle
 * must not share code with what it checks).
 * {@link org.mymodule.demo.purejava.BoofImage} is the exception: not our loops but BoofCV's, the best
 * pure-Java image library, timed beside them.
 */
package org.mymodule.demo.purejava;
