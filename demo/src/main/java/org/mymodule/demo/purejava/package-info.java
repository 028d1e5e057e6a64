/**
 * The straightforward pure-Java versions of mymodule's kernels that the demo and the benchmarks time:
 * one implementation per domain, written as the obvious loops a Java programmer would write, with the
 * same arithmetic as the native kernels where the results are compared exactly. The benchmarks
 * (../benchmarks, which depends on this artifact) call these classes instead of keeping copies; the
 * module's own tests deliberately do not (a test oracle must not share code with what it checks).
 * {@link org.mymodule.demo.purejava.BoofImage} is the exception: not our loops but BoofCV's, the best
 * pure-Java image library, timed beside them.
 */
package org.mymodule.demo.purejava;
