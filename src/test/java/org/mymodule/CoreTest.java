package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mymodule.global.mymodule.add;
import static org.mymodule.global.mymodule.simdPath;
import static org.mymodule.global.mymodule.version;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** core.h: add, version and the SIMD dispatch. */
@ExtendWith(NativeLeakCheck.class)
class CoreTest {
    @Test void addsPositiveNumbers() {
        assertEquals(7, add(3, 4));
    }

    @Test void addsNegativeNumbersAndZero() {
        assertEquals(-7, add(-3, -4));
        assertEquals(1, add(-3, 4));
        assertEquals(0, add(0, 0));
        assertEquals(-1, add(Integer.MAX_VALUE, Integer.MIN_VALUE));
    }

    @Test void overflowUpwardsThrowsWithBothOperands() {
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> add(Integer.MAX_VALUE, 1));
        assertEquals("add: int overflow in 2147483647 + 1", e.getMessage());
    }

    @Test void overflowDownwardsThrowsWithBothOperands() {
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> add(Integer.MIN_VALUE, -2));
        assertEquals("add: int overflow in -2147483648 + -2", e.getMessage());
    }

    @Test void versionIsTheLibraryPartOfTheMavenVersion() throws Exception {
        String mavenVersion = System.getProperty("mymodule.mavenVersion");
        assertEquals(mavenVersion, version() + "-" + Loader.getVersion());
    }

    @Test void simdPathMatchesTheArchitecture() {
        String arch = System.getProperty("os.arch");
        String path = simdPath();
        if (arch.equals("aarch64")) {
            assertEquals("neon", path);
        } else {
            assertTrue(path.equals("avx512") || path.equals("avx2") || path.equals("baseline"), path);
        }
        String expected = System.getProperty("mymodule.expectSimd");  // set by runs on emulated CPUs
        if (expected != null) {
            assertEquals(expected, path);
        }
    }

    @Test void eightThreadsAddConcurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> wrong = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final int offset = t * 1_000_000;
                wrong.add(pool.submit(() -> {
                    long errors = 0;
                    for (int i = 0; i < 1_000_000; i++) {
                        if (add(offset, i) != offset + i) {
                            errors++;
                        }
                    }
                    return errors;
                }));
            }
            for (Future<Long> errors : wrong) {
                assertEquals(0L, errors.get());
            }
        } finally {
            pool.shutdown();
        }
    }
}
